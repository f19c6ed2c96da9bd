import {
  ProblemCode,
  validate,
  type Edge,
  type NodeCatalog,
  type NodeInstance,
} from '@bizosaas/shared';
import type { EditorDoc } from './document';
import type { Command } from './history';
import {
  BODY_ORIGIN,
  CONTAINER_HEADER,
  CONTAINER_PADDING,
  NODE_WIDTH,
  nodeSize,
  type Size,
} from './node-geometry';
import type { Operation } from './operations';

/*
 * Loop containers on the canvas. A for-each is drawn as a box holding its body: its own title and
 * ports in a header band, the body's nodes below it. A body node's position is relative to its
 * container (as React Flow's sub-flows and the stored graph both have it), and a container is as
 * large as its body, so it grows as nodes are dropped or built into it.
 */

/** An empty container still leaves room to drop a node into it. */
const EMPTY_BODY = { width: NODE_WIDTH + 2 * CONTAINER_PADDING, height: 120 };

export interface Point {
  x: number;
  y: number;
}

/**
 * Where a body node is drawn in its loop: where it is stored, but never over the header or the
 * body port. A node built through the API at its loop's origin (0, 0) is thus drawn inside the
 * body, not on top of the loop; the first drag stores where it is drawn.
 */
export const bodyPosition = (p: Point): Point => ({
  x: Math.max(p.x, BODY_ORIGIN.x),
  y: Math.max(p.y, BODY_ORIGIN.y),
});

/** Where a node is drawn relative to its container (or the canvas, at top level). */
export const drawnPosition = (node: NodeInstance): Point =>
  node.parentId === undefined ? node.position : bodyPosition(node.position);

export const isContainer = (node: NodeInstance, catalog: NodeCatalog) =>
  catalog.get(node.type, node.typeVersion)?.container !== undefined;

/**
 * Each container's size, inner containers first: wide and tall enough for every body node plus
 * padding. A body node placed over the header (built through the API at 0,0, say) still grows
 * the box below it, since positions are never moved behind the user's back.
 */
export function containerSizes(
  nodes: readonly NodeInstance[],
  catalog: NodeCatalog,
  measured: ReadonlyMap<string, Size>,
): Map<string, Size> {
  const children = childrenByParent(nodes);
  const sizes = new Map<string, Size>();
  const sizeOf = (node: NodeInstance, depth = 0): Size => {
    const known = sizes.get(node.id);
    if (known) return known;
    if (!isContainer(node, catalog) || depth > nodes.length)
      return nodeSize(node, catalog, measured);
    let width = EMPTY_BODY.width;
    let height = CONTAINER_HEADER + EMPTY_BODY.height;
    for (const child of children.get(node.id) ?? []) {
      const s = sizeOf(child, depth + 1);
      const at = bodyPosition(child.position);
      width = Math.max(width, at.x + s.width + CONTAINER_PADDING);
      height = Math.max(height, at.y + s.height + CONTAINER_PADDING);
    }
    const size = { width: Math.round(width), height: Math.round(height) };
    sizes.set(node.id, size);
    return size;
  };
  for (const node of nodes) if (isContainer(node, catalog)) sizeOf(node);
  return sizes;
}

export function childrenByParent(nodes: readonly NodeInstance[]): Map<string, NodeInstance[]> {
  const children = new Map<string, NodeInstance[]>();
  for (const node of nodes) {
    if (node.parentId === undefined) continue;
    const list = children.get(node.parentId);
    if (list) list.push(node);
    else children.set(node.parentId, [node]);
  }
  return children;
}

/**
 * A node's position on the canvas: its own plus each enclosing container's. `asStored` takes the
 * node's own position as stored, for a node just dragged (a drag moves it past where it is drawn).
 */
export function absolutePosition(
  node: NodeInstance,
  byId: ReadonlyMap<string, NodeInstance>,
  asStored = false,
): Point {
  let { x, y } = asStored ? node.position : drawnPosition(node);
  const seen = new Set([node.id]);
  let parent = node.parentId === undefined ? undefined : byId.get(node.parentId);
  while (parent && !seen.has(parent.id)) {
    seen.add(parent.id);
    const at = drawnPosition(parent);
    x += at.x;
    y += at.y;
    parent = parent.parentId === undefined ? undefined : byId.get(parent.parentId);
  }
  return { x, y };
}

/** Whether `node` is `ancestor` or sits (at any depth) inside it. */
function isWithin(
  node: NodeInstance,
  ancestor: string,
  byId: ReadonlyMap<string, NodeInstance>,
): boolean {
  const seen = new Set<string>();
  let current: NodeInstance | undefined = node;
  while (current && !seen.has(current.id)) {
    if (current.id === ancestor) return true;
    seen.add(current.id);
    current = current.parentId === undefined ? undefined : byId.get(current.parentId);
  }
  return false;
}

/**
 * The innermost container whose body area holds `point` (canvas coordinates), leaving out the
 * containers in `moving` and everything inside them: a node cannot be dropped into itself.
 */
export function containerAt(
  nodes: readonly NodeInstance[],
  catalog: NodeCatalog,
  sizes: ReadonlyMap<string, Size>,
  point: Point,
  moving: ReadonlySet<string> = new Set(),
): NodeInstance | undefined {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let best: { node: NodeInstance; depth: number } | undefined;
  for (const node of nodes) {
    const size = sizes.get(node.id);
    if (!size || !isContainer(node, catalog)) continue;
    if ([...moving].some((id) => isWithin(node, id, byId))) continue;
    const at = absolutePosition(node, byId);
    const inside =
      point.x >= at.x &&
      point.x <= at.x + size.width &&
      point.y >= at.y + CONTAINER_HEADER &&
      point.y <= at.y + size.height;
    if (!inside) continue;
    const depth = depthOf(node, byId);
    if (!best || depth > best.depth) best = { node, depth };
  }
  return best?.node;
}

function depthOf(node: NodeInstance, byId: ReadonlyMap<string, NodeInstance>): number {
  let depth = 0;
  let current = node;
  while (current.parentId !== undefined && depth <= byId.size) {
    const parent = byId.get(current.parentId);
    if (!parent) break;
    current = parent;
    depth++;
  }
  return depth;
}

/** Where a node lands in a container (or on the canvas) so it stays where the user put it. */
export function relativeTo(
  parentId: string | undefined,
  absolute: Point,
  byId: ReadonlyMap<string, NodeInstance>,
): Point {
  const parent = parentId === undefined ? undefined : byId.get(parentId);
  if (!parent) return { x: Math.round(absolute.x), y: Math.round(absolute.y) };
  const origin = absolutePosition(parent, byId);
  return {
    x: Math.max(BODY_ORIGIN.x, Math.round(absolute.x - origin.x)),
    y: Math.max(BODY_ORIGIN.y, Math.round(absolute.y - origin.y)),
  };
}

export type Moves = ReadonlyMap<string, { parentId: string | undefined; absolute: Point }>;

/**
 * Which dragged nodes change loops when dropped: a node whose centre ends over a loop's body joins
 * that loop, one that ends outside its loop leaves it. `sizes` are the loops' sizes as the drag
 * began; a node whose loop was dragged with it stays in that loop.
 */
export function dropTargets(
  nodes: readonly NodeInstance[],
  catalog: NodeCatalog,
  sizes: ReadonlyMap<string, Size>,
  measured: ReadonlyMap<string, Size>,
  dragged: ReadonlySet<string>,
): Moves {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const moves = new Map<string, { parentId: string | undefined; absolute: Point }>();
  for (const id of dragged) {
    const node = byId.get(id);
    if (!node || (node.parentId !== undefined && dragged.has(node.parentId))) continue;
    // Where the drag left it, which may be past where it is drawn (see `drawnPosition`).
    const absolute = absolutePosition(node, byId, true);
    const size = sizes.get(id) ?? nodeSize(node, catalog, measured);
    const center = { x: absolute.x + size.width / 2, y: absolute.y + size.height / 2 };
    const parentId = containerAt(nodes, catalog, sizes, center, dragged)?.id;
    if (parentId !== node.parentId) moves.set(id, { parentId, absolute });
  }
  return moves;
}

export type MembershipChange =
  { ok: true; command: Command; removedEdges: number } | { ok: false; reason: string };

/**
 * Moves nodes into a container (or out of every container, `parentId` undefined), keeping each
 * where it was dropped. Edges that would then cross the loop's boundary are removed in the same
 * undo step (the validator refuses them; the body is wired from the container's body port). The
 * shared validator has the last word: a move it would refuse (a trigger into a loop) is not made.
 */
export function changeMembership(
  doc: EditorDoc,
  catalog: NodeCatalog,
  moves: Moves,
): MembershipChange {
  const nodes = doc.graph.nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ops: Operation[] = [];
  const after = new Map<string, NodeInstance>();
  for (const [id, move] of moves) {
    const node = byId.get(id);
    if (!node || node.parentId === move.parentId) continue;
    if (move.parentId !== undefined) {
      const parent = byId.get(move.parentId);
      if (!parent || !isContainer(parent, catalog))
        return { ok: false, reason: 'only a loop can hold other nodes' };
      if (isWithin(parent, id, byId))
        return { ok: false, reason: `"${node.name}" cannot go inside itself` };
    }
    const { parentId: _old, ...rest } = node;
    const moved: NodeInstance = {
      ...rest,
      ...(move.parentId !== undefined ? { parentId: move.parentId } : {}),
      position: relativeTo(move.parentId, move.absolute, byId),
    };
    after.set(id, moved);
    ops.push({ kind: 'updateNode', before: node, after: moved });
  }
  if (ops.length === 0) return { ok: false, reason: 'nothing moved' };

  const nextNodes = nodes.map((n) => after.get(n.id) ?? n);
  const scopeOf = new Map(nextNodes.map((n) => [n.id, n.parentId]));
  const crossing = doc.graph.edges.filter((e) => !edgeStaysInScope(e, scopeOf, byId, catalog));
  // Edges go first so that undo, which runs the operations backwards, puts them back last.
  const edgeOps: Operation[] = crossing.map((edge) => ({
    kind: 'removeEdge',
    edge,
    index: doc.graph.edges.indexOf(edge),
  }));
  const removedIds = new Set(crossing.map((e) => e.id));
  const graph = {
    ...doc.graph,
    nodes: nextNodes,
    edges: doc.graph.edges.filter((e) => !removedIds.has(e.id)),
  };
  const refused = validate(graph, catalog).find(
    (p) =>
      p.nodeId !== undefined &&
      after.has(p.nodeId) &&
      (p.code === ProblemCode.TRIGGER_INSIDE_LOOP || p.code === ProblemCode.INVALID_PARENT),
  );
  if (refused) return { ok: false, reason: refused.message };

  const first = after.values().next().value as NodeInstance;
  const into = first.parentId === undefined ? undefined : byId.get(first.parentId);
  const what = after.size === 1 ? first.name : `${after.size} nodes`;
  const label = into ? `Move ${what} into ${into.name}` : `Move ${what} out of the loop`;
  return {
    ok: true,
    command: { label, ops: [...reindexed(edgeOps), ...ops] },
    removedEdges: crossing.length,
  };
}

/** Removal indexes as they are once the earlier removals have run. */
function reindexed(ops: Operation[]): Operation[] {
  return ops.map((op, i) =>
    op.kind === 'removeEdge' ? { ...op, index: (op.index ?? 0) - i } : op,
  );
}

/** An edge is in scope when both ends share a loop, or it is a loop's body edge into that loop. */
function edgeStaysInScope(
  edge: Edge,
  scopeOf: ReadonlyMap<string, string | undefined>,
  byId: ReadonlyMap<string, NodeInstance>,
  catalog: NodeCatalog,
): boolean {
  const source = byId.get(edge.source);
  const bodyOutput = source
    ? catalog.get(source.type, source.typeVersion)?.container?.bodyOutput
    : undefined;
  const expected = bodyOutput === edge.sourceOutput ? edge.source : scopeOf.get(edge.source);
  return scopeOf.get(edge.target) === expected;
}
