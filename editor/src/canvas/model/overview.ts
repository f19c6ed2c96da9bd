import type { FlowGraph, NodeCatalog, NodeInstance } from '@bizosaas/shared';
import type { DiffMark } from './diff-marks';
import { containerSizes, drawnPosition } from './containers';
import { nodeSize, portPlaces, type PortPlace, type Size } from './node-geometry';
import type { NodeProblems } from './problems';
import type { NodeStatus } from '@bizosaas/shared';

/**
 * The zoomed-out canvas, drawn as a handful of SVG paths instead of a thousand React Flow nodes and
 * edges. Far out, a node is a box too small to read, and what the builder needs is the flow's
 * shape and which nodes need attention: boxes coloured by run state, diff mark or errors.
 */

/** What a box is coloured by, most telling first: a run's state, then a comparison, then errors. */
export type OverviewTone =
  `status-${NodeStatus}` | `diff-${DiffMark}` | 'has-errors' | 'is-disabled' | 'plain';

export interface OverviewView {
  problems: ReadonlyMap<string, NodeProblems>;
  status: ReadonlyMap<string, NodeStatus>;
  marks: ReadonlyMap<string, DiffMark>;
}

export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OverviewDrawing {
  /** One path per tone, each the outline of all its boxes. */
  boxes: { tone: OverviewTone; d: string }[];
  /** Every edge as one path. */
  edges: string;
  /** How many nodes the drawing shows. */
  count: number;
}

function toneOf(node: NodeInstance, view: OverviewView): OverviewTone {
  const status = view.status.get(node.id);
  if (status) return `status-${status}`;
  const mark = view.marks.get(node.id);
  if (mark) return `diff-${mark}`;
  if ((view.problems.get(node.id)?.errors ?? 0) > 0) return 'has-errors';
  return node.disabled ? 'is-disabled' : 'plain';
}

/** Every node's box in flow coordinates (a child's position is relative to its container). */
export function nodeBoxes(
  nodes: readonly NodeInstance[],
  catalog: NodeCatalog,
  measured: ReadonlyMap<string, Size>,
): Map<string, Box> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const containers = containerSizes(nodes, catalog, measured);
  const boxes = new Map<string, Box>();
  const boxOf = (node: NodeInstance): Box => {
    const known = boxes.get(node.id);
    if (known) return known;
    const parent = node.parentId === undefined ? undefined : byId.get(node.parentId);
    const origin = parent ? boxOf(parent) : { x: 0, y: 0 };
    const at = drawnPosition(node);
    const box = {
      id: node.id,
      x: origin.x + at.x,
      y: origin.y + at.y,
      ...(containers.get(node.id) ?? nodeSize(node, catalog, measured)),
    };
    boxes.set(node.id, box);
    return box;
  };
  for (const node of nodes) boxOf(node);
  return boxes;
}

const round = (n: number) => Math.round(n);

/**
 * Draws the graph, leaving out the nodes in `skip` (they are on the canvas as React Flow nodes) but
 * keeping every edge, so an edge stays attached to a node while it is dragged. Edges run from an
 * output's place on the right side to an input's place on the left, curved much as React Flow curves them.
 */
export function drawOverview(
  graph: FlowGraph,
  boxes: ReadonlyMap<string, Box>,
  catalog: NodeCatalog,
  view: OverviewView,
  skip: ReadonlySet<string>,
): OverviewDrawing {
  const byTone = new Map<OverviewTone, string[]>();
  let count = 0;
  for (const node of graph.nodes) {
    const b = boxes.get(node.id);
    if (!b || skip.has(node.id)) continue;
    const tone = toneOf(node, view);
    const parts = byTone.get(tone) ?? [];
    parts.push(
      `M${round(b.x)} ${round(b.y)}h${round(b.width)}v${round(b.height)}h${-round(b.width)}z`,
    );
    byTone.set(tone, parts);
    count += 1;
  }
  const nodesById = new Map(graph.nodes.map((n) => [n.id, n]));
  const ports = new Map<string, { inputs: PortPlace[]; outputs: PortPlace[] }>();
  const portsOf = (node: NodeInstance, box: Box) => {
    let p = ports.get(node.id);
    if (!p) ports.set(node.id, (p = portPlaces(node, catalog, box)));
    return p;
  };
  const place = (list: PortPlace[], port: string, box: Box) =>
    list.find((p) => p.port === port) ?? { left: 0, top: box.height / 2 };
  const edges: string[] = [];
  for (const edge of graph.edges) {
    const source = nodesById.get(edge.source);
    const target = nodesById.get(edge.target);
    const s = boxes.get(edge.source);
    const t = boxes.get(edge.target);
    if (!source || !target || !s || !t) continue;
    const out = place(portsOf(source, s).outputs, edge.sourceOutput, s);
    const into = place(portsOf(target, t).inputs, edge.targetInput, t);
    const sx = s.x + out.left;
    const sy = s.y + out.top;
    const tx = t.x + into.left;
    const ty = t.y + into.top;
    const bend = Math.max(Math.abs(tx - sx) / 2, 25);
    edges.push(
      `M${round(sx)} ${round(sy)}C${round(sx + bend)} ${round(sy)} ${round(tx - bend)} ${round(ty)} ${round(tx)} ${round(ty)}`,
    );
  }
  return {
    boxes: [...byTone].map(([tone, parts]) => ({ tone, d: parts.join('') })),
    edges: edges.join(''),
    count,
  };
}

/** The topmost node under a point in flow coordinates (later nodes are drawn above earlier ones). */
export function nodeAt(boxes: ReadonlyMap<string, Box>, x: number, y: number): string | undefined {
  let hit: string | undefined;
  for (const b of boxes.values())
    if (x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height) hit = b.id;
  return hit;
}

/** The nodes wholly inside a rectangle in flow coordinates, as a selection box selects them. */
export function nodesWithin(
  boxes: ReadonlyMap<string, Box>,
  rect: { x: number; y: number; width: number; height: number },
): string[] {
  const ids: string[] = [];
  for (const b of boxes.values())
    if (
      b.x >= rect.x &&
      b.y >= rect.y &&
      b.x + b.width <= rect.x + rect.width &&
      b.y + b.height <= rect.y + rect.height
    )
      ids.push(b.id);
  return ids;
}
