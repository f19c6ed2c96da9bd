import { useCallback } from 'react';
import { findNodes } from '../model/find-nodes';
import { useCanvas, useCatalog } from '../store';
import { PickerDialog } from './picker-dialog';

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
  const catalog = useCatalog();
  const nodes = useCanvas((s) => s.doc.graph.nodes);
  const search = useCallback(
    (query: string) =>
      findNodes(nodes, catalog, query).map((n) => ({ id: n.id, label: n.name, detail: n.type })),
    [nodes, catalog],
  );
  return (
    <PickerDialog
      title="Find a node"
      inputLabel="Node name or type"
      listLabel="Nodes"
      search={search}
      empty={(query) => `No node matches “${query}”.`}
      onChoose={onChoose}
      onClose={onClose}
    />
  );
}
