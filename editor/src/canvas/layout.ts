import type { ElkNode } from 'elkjs/lib/elk-api';
import type { EditorDoc } from './model/document';

const DEFAULT_SIZE = { width: 220, height: 60 };

/**
 * Left-to-right layered layout of the top-level flow by ELK, run in a web worker so a 1,000-node
 * layout never blocks the canvas. This module and ELK load only when the user first asks for it.
 */
export async function autoLayout(
  doc: EditorDoc,
  measured: ReadonlyMap<string, { width: number; height: number }>,
): Promise<Map<string, { x: number; y: number }>> {
  const [{ default: ELK }, { default: workerUrl }] = await Promise.all([
    import('elkjs/lib/elk-api.js'),
    import('elkjs/lib/elk-worker.min.js?url'),
  ]);
  const elk = new ELK({ workerFactory: () => new Worker(workerUrl) });
  const topLevel = doc.graph.nodes.filter((n) => n.parentId === undefined);
  const ids = new Set(topLevel.map((n) => n.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: topLevel.map((n) => ({ id: n.id, ...(measured.get(n.id) ?? DEFAULT_SIZE) })),
    edges: doc.graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  try {
    const result = await elk.layout(graph);
    return new Map(
      (result.children ?? []).map((c) => [
        c.id,
        { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) },
      ]),
    );
  } finally {
    elk.terminateWorker();
  }
}
