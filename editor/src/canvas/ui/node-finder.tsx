import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { findNodes } from '../model/find-nodes';
import { useCanvas, useCatalog } from '../store';

/**
 * "Find a node": a modal combobox over the flow's nodes by name or type. On a large flow most
 * nodes are out of view (and, zoomed out, drawn rather than rendered), so this is how the keyboard
 * reaches any of them; choosing one goes to it on the canvas.
 */
export function NodeFinder({
  onChoose,
  onClose,
}: {
  onChoose(nodeId: string): void;
  onClose(): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const catalog = useCatalog();
  const nodes = useCanvas((s) => s.doc.graph.nodes);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const found = useMemo(() => findNodes(nodes, catalog, query), [nodes, catalog, query]);
  const listId = useId();
  const optionId = (i: number) => `${listId}-${i}`;
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const choose = (i: number) => {
    const node = found[i];
    if (!node) return;
    dialog.current?.close();
    onChoose(node.id);
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
      <h2 id={`${listId}-title`}>Find a node</h2>
      <input
        className="input node-finder-input"
        role="combobox"
        aria-label="Node name or type"
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
      <ul id={listId} role="listbox" aria-label="Nodes" className="node-finder-list">
        {found.map((node, i) => (
          <li
            key={node.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'is-active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(i)}
          >
            {node.name} <span className="muted">{node.type}</span>
          </li>
        ))}
      </ul>
      {found.length === 0 && <p className="muted">No node matches “{query}”.</p>}
      <form method="dialog" className="dialog-actions">
        <button className="button">Close</button>
      </form>
    </dialog>
  );
}
