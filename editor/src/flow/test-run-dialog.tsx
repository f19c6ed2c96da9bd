import { useId, useState, type FormEvent } from 'react';
import type { JsonValue } from '@bizosaas/shared';
import { Modal } from './modal';

/** Parses the payload a builder typed; an error says where the JSON is wrong. */
export function parsePayload(
  text: string,
): { ok: true; value: JsonValue } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${(e as Error).message}` };
  }
}

/**
 * Asks for the trigger payload of a run: a test run of the current draft, or, given `version`,
 * a run of that published version ("Run now").
 */
export function TestRunDialog({
  initial,
  version,
  onStart,
  onClose,
}: {
  initial: string;
  version?: number;
  onStart(payload: JsonValue, text: string): void;
  onClose(): void;
}) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string>();
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parsePayload(text);
    if (!parsed.ok) return setError(parsed.error);
    onStart(parsed.value, text);
  };
  return (
    <Modal title={version === undefined ? 'Test run' : `Run version ${version}`} onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <p className="muted">
          {version === undefined
            ? 'Runs the current draft once'
            : `Runs published version ${version} once`}
          , as if its trigger fired with this payload. Expressions read it as <code>$trigger</code>.
        </p>
        <div className="field">
          <label htmlFor={id} className="field-label">
            Trigger payload (JSON)
          </label>
          <textarea
            id={id}
            className="input mono"
            rows={8}
            value={text}
            aria-invalid={error !== undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => {
              setText(e.target.value);
              setError(undefined);
            }}
          />
          {error && (
            <p id={`${id}-error`} className="field-problems error">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="submit" className="button button-primary">
            {version === undefined ? 'Start test run' : 'Start run'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
