import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface PickerOption {
  id: string;
  label: string;
  detail: string;
}

/**
 * A modal combobox: type to narrow a list, arrows to move, Enter (or a click) to choose. The
 * canvas's "Find a node" and "Add the next node" are both this dialog over different lists.
 */
export function PickerDialog({
  title,
  inputLabel,
  listLabel,
  search,
  empty,
  onChoose,
  onClose,
}: {
  title: string;
  inputLabel: string;
  listLabel: string;
  search(query: string): readonly PickerOption[];
  empty(query: string): ReactNode;
  onChoose(id: string): void;
  onClose(): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const found = search(query);
  const listId = useId();
  const optionId = (i: number) => `${listId}-${i}`;
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const choose = (i: number) => {
    const option = found[i];
    if (!option) return;
    dialog.current?.close();
    onChoose(option.id);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.min(Math.max(i + step, 0), Math.max(found.length - 1, 0)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(active);
    }
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={`${listId}-title`} onClose={onClose}>
      <h2 id={`${listId}-title`}>{title}</h2>
      <input
        className="input node-finder-input"
        role="combobox"
        aria-label={inputLabel}
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={found.length > 0 ? optionId(active) : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        autoFocus
      />
      <ul id={listId} role="listbox" aria-label={listLabel} className="node-finder-list">
        {found.map((option, i) => (
          <li
            key={option.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'is-active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(i)}
          >
            {option.label} <span className="muted">{option.detail}</span>
          </li>
        ))}
      </ul>
      {found.length === 0 && <p className="muted">{empty(query)}</p>}
      <form method="dialog" className="dialog-actions">
        <button className="button">Close</button>
      </form>
    </dialog>
  );
}
