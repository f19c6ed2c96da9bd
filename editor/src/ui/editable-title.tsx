import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { errorMessage } from '../api/client';

/**
 * A heading that its editors can rename in place: the pencil opens an input, Enter saves, Escape
 * cancels. A refused save keeps the input open with the server's reason beside it.
 */
export function EditableTitle({
  value,
  label,
  onSave,
  readOnly,
}: {
  value: string;
  /** What is being named, for the input and the pencil ("Flow name" → "Rename: Flow name"). */
  label: string;
  onSave(next: string): Promise<unknown>;
  readOnly?: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(value);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const pencil = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  // Closing the input hands focus back to the pencil that opened it, not to the page's top.
  useEffect(() => {
    if (wasEditing.current && !editing) pencil.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const open = () => {
    setText(value);
    setError(undefined);
    setEditing(true);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = text.trim();
    if (!next) return setError(`${label} cannot be empty.`);
    if (next === value) return setEditing(false);
    setSaving(true);
    try {
      await onSave(next);
      setEditing(false);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') setEditing(false);
  };

  if (readOnly || !editing)
    return (
      <>
        <h1 className="canvas-heading">{value}</h1>
        {!readOnly && (
          <button
            ref={pencil}
            type="button"
            className="icon-button"
            aria-label={`Rename: ${label}`}
            title="Rename"
            onClick={open}
          >
            ✎
          </button>
        )}
      </>
    );
  return (
    <form className="title-form" onSubmit={(e) => void submit(e)}>
      <input
        className="input"
        aria-label={label}
        aria-invalid={error !== undefined}
        // Opened by the user's own click on the pencil: focus follows their intent.
        autoFocus
        maxLength={200}
        value={text}
        disabled={saving}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="button" disabled={saving}>
        Save
      </button>
      <button type="button" className="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {error && (
        <span className="toolbar-message error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
