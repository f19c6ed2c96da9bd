import { useCallback } from 'react';
import type { NodeType } from '@bizosaas/shared';
import { useCatalog } from '../store';
import { PickerDialog } from './picker-dialog';

/**
 * "Add the next node" (the "+" on an output): the node types a flow can use, newest version of
 * each, a title match listed before a match in the description only.
 */
export function NodeTypePicker({
  after,
  onChoose,
  onClose,
}: {
  after: string;
  onChoose(nodeType: NodeType): void;
  onClose(): void;
}) {
  const catalog = useCatalog();
  const search = useCallback(
    (query: string) => {
      const q = query.trim().toLowerCase();
      const latest = [...new Set(catalog.list().map((t) => t.type))].map(
        (type) => catalog.latest(type) as NodeType,
      );
      const inTitle = latest.filter((t) => t.title.toLowerCase().includes(q));
      const elsewhere = latest.filter(
        (t) => !inTitle.includes(t) && `${t.description} ${t.type}`.toLowerCase().includes(q),
      );
      return [...inTitle, ...elsewhere].map((t) => ({
        id: t.type,
        label: t.title,
        detail: t.category,
      }));
    },
    [catalog],
  );
  return (
    <PickerDialog
      title={`Add a node after ${after}`}
      inputLabel="Node type"
      listLabel="Node types"
      search={search}
      empty={(query) => `No node type matches “${query}”.`}
      onChoose={(type) => {
        const nodeType = catalog.latest(type);
        if (nodeType) onChoose(nodeType);
      }}
      onClose={onClose}
    />
  );
}
