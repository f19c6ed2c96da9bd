import { useMemo, useState } from 'react';
import type { NodeType } from '@bizosaas/shared';
import { paletteGroups } from '../model/palette-search';
import { useCanvas } from '../store';
import { NodeIcon } from './node-icon';

export const NODE_TYPE_MIME = 'application/x-bizosaas-node-type';

/**
 * The node types a flow can use, newest version of each, grouped by category and searchable.
 * Drag one onto the canvas or onto an edge; or press it to add it beside the selection (or into
 * the selected edge), which is also the keyboard path.
 */
export function Palette({ onAdd }: { onAdd(nodeType: NodeType): void }) {
  const catalog = useCanvas((s) => s.catalog);
  const readOnly = useCanvas((s) => s.readOnly);
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const latest = new Map<string, NodeType>();
    for (const t of catalog.list()) latest.set(t.type, catalog.latest(t.type) as NodeType);
    return paletteGroups([...latest.values()], query);
  }, [catalog, query]);

  if (readOnly) return null;
  return (
    <nav className="palette" aria-label="Node palette">
      <label htmlFor="palette-search" className="visually-hidden">
        Search node types
      </label>
      <input
        id="palette-search"
        className="input"
        type="search"
        placeholder="Search nodes…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.length === 0 && <p className="muted">No node type matches “{query}”.</p>}
      {groups.map(([category, types]) => (
        <section key={category} aria-label={category}>
          <h2 className="palette-category">{category}</h2>
          <ul role="list" className="palette-list">
            {types.map((t) => (
              <li key={t.type}>
                <button
                  type="button"
                  className="palette-item"
                  draggable
                  data-node-type={t.type}
                  title={t.description}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(NODE_TYPE_MIME, t.type);
                    e.dataTransfer.effectAllowed = 'move';
                  }}
                  onClick={() => onAdd(t)}
                >
                  <NodeIcon name={t.icon} />
                  <span>{t.title}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
