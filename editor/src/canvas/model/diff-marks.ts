import type { FlowGraph } from '@bizosaas/shared';

/** How a node differs between two versions of a flow. */
export type DiffMark = 'added' | 'removed' | 'changed';

export const DIFF_LABEL: Record<DiffMark, string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
};

/** The server's `flows.diff` answer, as far as the canvas needs it. */
export interface GraphDiff {
  nodes: {
    added: { id: string }[];
    removed: { id: string }[];
    changed: { id: string; fields: string[] }[];
  };
}

/**
 * One graph to show a comparison on: the newer graph, with the nodes the newer one removed put
 * back where they stood (and their edges), so removed, added and changed nodes appear side by side.
 */
export function comparisonGraph(
  from: FlowGraph,
  to: FlowGraph,
  diff: GraphDiff,
): { graph: FlowGraph; marks: Map<string, DiffMark> } {
  const marks = new Map<string, DiffMark>();
  for (const n of diff.nodes.added) marks.set(n.id, 'added');
  for (const n of diff.nodes.changed) marks.set(n.id, 'changed');
  const removed = new Set(diff.nodes.removed.map((n) => n.id));
  for (const id of removed) marks.set(id, 'removed');
  const present = new Set([...to.nodes.map((n) => n.id), ...removed]);
  const toEdges = new Set(to.edges.map((e) => e.id));
  return {
    graph: {
      ...to,
      nodes: [...to.nodes, ...from.nodes.filter((n) => removed.has(n.id))],
      edges: [
        ...to.edges,
        ...from.edges.filter(
          (e) =>
            !toEdges.has(e.id) &&
            (removed.has(e.source) || removed.has(e.target)) &&
            present.has(e.source) &&
            present.has(e.target),
        ),
      ],
    },
    marks,
  };
}
