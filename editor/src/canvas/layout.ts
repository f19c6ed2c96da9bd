import type { ELK, ElkNode } from 'elkjs/lib/elk-api';
import type { NodeCatalog, NodeInstance } from '@bizosaas/shared';
import type { EditorDoc } from './model/document';
import { containerSizes } from './model/containers';
import {
  BODY_ORIGIN,
  CONTAINER_PADDING,
  nodePorts,
  nodeSize,
  type Size,
} from './model/node-geometry';

// Room between nodes and between layers, so edges and their port labels read clearly.
const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '60',
  'elk.layered.spacing.nodeNodeBetweenLayers': '100',
  'elk.layered.spacing.edgeNodeBetweenLayers': '30',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

/**
 * Left-to-right layered layout by ELK: each loop's body is laid out first and the loop sized to
 * hold it, then the level that holds the loop, up to the top. Edges of a flow point one way (it is
 * a DAG), so in a layered layout none runs back across the canvas. Outputs keep their order down a
 * node's side (an If's true above its false) so branches do not cross. Pure but for `elk`, so the
 * demo seed can lay out the flows it stores with ELK's bundled build.
 */
export async function layoutPositions(
  elk: Pick<ELK, 'layout'>,
  doc: EditorDoc,
  catalog: NodeCatalog,
  measured: ReadonlyMap<string, Size>,
): Promise<Map<string, { x: number; y: number }>> {
  const nodes = doc.graph.nodes;
  const positions = new Map<string, { x: number; y: number }>();
  const sizes = new Map<string, Size>();
  const byParent = new Map<string | undefined, NodeInstance[]>();
  for (const node of nodes)
    byParent.set(node.parentId, [...(byParent.get(node.parentId) ?? []), node]);
  const fallback = containerSizes(nodes, catalog, measured);

  const layoutScope = async (parentId: string | undefined, depth: number): Promise<Size> => {
    const members = byParent.get(parentId) ?? [];
    for (const m of members)
      if (byParent.has(m.id) && depth < nodes.length) sizes.set(m.id, await containerOf(m, depth));
    const ids = new Set(members.map((m) => m.id));
    const graph: ElkNode = {
      id: parentId ?? 'root',
      layoutOptions: LAYOUT_OPTIONS,
      children: members.map((m) => {
        const { inputs, outputs } = nodePorts(m, catalog);
        return {
          id: m.id,
          ...(sizes.get(m.id) ?? fallback.get(m.id) ?? nodeSize(m, catalog, measured)),
          layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
          // Fixed order counts clockwise from the top left: down the east side, up the west.
          ports: [
            ...outputs.map((p, i) => port(m.id, 'out', p, 'EAST', i)),
            ...inputs.map((p, i) =>
              port(m.id, 'in', p, 'WEST', outputs.length + inputs.length - 1 - i),
            ),
          ],
        };
      }),
      edges: doc.graph.edges
        .filter((e) => ids.has(e.source) && ids.has(e.target))
        .map((e) => ({
          id: e.id,
          sources: [`${e.source}:out:${e.sourceOutput}`],
          targets: [`${e.target}:in:${e.targetInput}`],
        })),
    };
    const result = await elk.layout(graph);
    const origin = parentId === undefined ? { x: 0, y: 0 } : BODY_ORIGIN;
    let right = 0;
    let bottom = 0;
    for (const c of result.children ?? []) {
      const p = { x: Math.round((c.x ?? 0) + origin.x), y: Math.round((c.y ?? 0) + origin.y) };
      positions.set(c.id, p);
      right = Math.max(right, p.x + (c.width ?? 0));
      bottom = Math.max(bottom, p.y + (c.height ?? 0));
    }
    return { width: right, height: bottom };
  };
  const containerOf = async (node: NodeInstance, depth: number): Promise<Size> => {
    const body = await layoutScope(node.id, depth + 1);
    return { width: body.width + CONTAINER_PADDING, height: body.height + CONTAINER_PADDING };
  };
  await layoutScope(undefined, 0);
  return positions;
}

const port = (nodeId: string, dir: 'in' | 'out', name: string, side: string, index: number) => ({
  id: `${nodeId}:${dir}:${name}`,
  width: 8,
  height: 8,
  layoutOptions: { 'elk.port.side': side, 'elk.port.index': String(index) },
});

/**
 * The canvas's auto-layout: `layoutPositions` with ELK in a web worker, so a 1,000-node layout
 * never blocks the canvas. This module and ELK load only when the user first asks for it.
 */
export async function autoLayout(
  doc: EditorDoc,
  catalog: NodeCatalog,
  measured: ReadonlyMap<string, Size>,
): Promise<Map<string, { x: number; y: number }>> {
  const [{ default: ELK }, { default: workerUrl }] = await Promise.all([
    import('elkjs/lib/elk-api.js'),
    import('elkjs/lib/elk-worker.min.js?url'),
  ]);
  const elk = new ELK({ workerFactory: () => new Worker(workerUrl) });
  try {
    return await layoutPositions(elk, doc, catalog, measured);
  } finally {
    elk.terminateWorker();
  }
}
