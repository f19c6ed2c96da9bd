import { useState } from 'react';
import { errorMessage } from '../api/client';
import { Modal } from './modal';

/**
 * Someone saved this flow after this canvas loaded it. Nothing is lost silently: the builder keeps
 * editing locally until they choose whose version wins.
 */
export function ConflictDialog({
  theirs,
  onReload,
  onOverwrite,
}: {
  theirs: number;
  onReload(): Promise<void>;
  onOverwrite(): Promise<void>;
}) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const act = (choice: () => Promise<void>) => {
    setBusy(true);
    choice().then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };
  return (
    <Modal title="This flow changed elsewhere" onClose={() => undefined}>
      <p>
        Someone else saved this flow (now revision {theirs}) while you were editing. Your changes
        are still here, unsaved.
      </p>
      <ul className="plain-list">
        <li>
          <strong>Reload theirs</strong> opens their version and drops your unsaved changes.
        </li>
        <li>
          <strong>Overwrite with mine</strong> saves your version over theirs.
        </li>
      </ul>
      {error !== undefined && (
        <p className="error-note" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" disabled={busy} onClick={() => act(onReload)}>
          Reload theirs
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={() => act(onOverwrite)}
        >
          Overwrite with mine
        </button>
      </div>
    </Modal>
  );
}
