import { useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../api/client';

const MAX_TAG_LENGTH = 50;

/**
 * Tags as chips: each with a remove button, and an input that adds one on Enter. Every change is
 * saved at once through `onSave`; a refused one leaves the tags as they were, with the reason.
 */
export function TagEditor({
  tags,
  onSave,
  readOnly,
}: {
  tags: string[];
  onSave(next: string[]): Promise<unknown>;
  readOnly?: boolean;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const save = async (next: string[]) => {
    setSaving(true);
    setError(undefined);
    try {
      await onSave(next);
      return true;
    } catch (failure) {
      setError(errorMessage(failure));
      return false;
    } finally {
      setSaving(false);
    }
  };
  const add = async () => {
    const tag = text.trim();
    if (!tag || saving) return;
    if (tags.includes(tag)) return setText('');
    if (await save([...tags, tag])) setText('');
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void add();
    } else if (e.key === 'Escape') setText('');
  };

  if (readOnly && tags.length === 0) return null;
  return (
    <div className="tag-editor">
      <ul className="tag-chips" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag} className="tag">
            {tag}
            {!readOnly && (
              <button
                type="button"
                className="tag-remove"
                aria-label={`Remove tag ${tag}`}
                disabled={saving}
                onClick={() => void save(tags.filter((t) => t !== tag))}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <input
          className="input tag-input"
          aria-label="Add tag"
          placeholder="Add tag"
          maxLength={MAX_TAG_LENGTH}
          value={text}
          // Not disabled while saving: the builder keeps typing the next tag without refocusing.
          aria-busy={saving}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
      )}
      {error && (
        <span className="toolbar-message error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
