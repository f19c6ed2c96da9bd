import {
  Position,
  type Edge as RfEdge,
  type Node as RfNode,
  type NodeHandle,
  type Connection,
} from '@xyflow/react';
import type { Edge, NodeCatalog, NodeInstance } from '@bizosaas/shared';
import { NODE_WIDTH, nodeMinHeight, nodePorts, portPlaces, type Size } from './node-geometry';
import type { StickyNote } from './document';
import type { NodeProblems } from './problems';
import type { NodeStatus } from '@bizosaas/shared';
import type { DiffMark } from './diff-marks';
import { drawnPosition } from './containers';
import type { ProposedConnection } from './connection-rules';
import type { PendingPort } from './keyboard-connect';

export interface FlowNodeData extends Record<string, unknown> {
  node: NodeInstance;
  problems: NodeProblems | undefined;
  status: NodeStatus | undefined;
  mark: DiffMark | undefined;
  /** React Flow's last measurement of the node; undefined until it has measured it. */
  measured: { width: number; height: number } | undefined;
  /** A loop container's size, which its body decides; undefined for other nodes. */
  container: Size | undefined;
  readOnly: boolean;
  /** This node's port picked as one end of a keyboard connection, if any. */
  pending: PendingPort | undefined;
}
export interface NoteNodeData extends Record<string, unknown> {
  note: StickyNote;
}
export type FlowRfNode = RfNode<FlowNodeData, 'flow'>;
export type NoteRfNode = RfNode<NoteNodeData, 'note'>;
export type CanvasRfNode = FlowRfNode | NoteRfNode;

/** What the canvas shows besides the document: selection, badges, run state, measured sizes. */
export interface CanvasView {
  selected: ReadonlySet<string>;
  problems: ReadonlyMap<string, NodeProblems>;
  status: ReadonlyMap<string, NodeStatus>;
  marks: ReadonlyMap<string, DiffMark>;
  measured: ReadonlyMap<string, { width: number; height: number }>;
  readOnly: boolean;
  /** Nodes React Flow is dragging: it keeps them on the canvas wherever they go. */
  dragging: ReadonlySet<string>;
  /** Zoomed out, the nodes React Flow shows; the overview draws the rest. Undefined: all of them. */
  live: ReadonlySet<string> | undefined;
  /** Each loop container's size (see `containerSizes`). */
  containers: ReadonlyMap<string, Size>;
  /** One end of a connection being made with the keyboard. */
  pendingPort: PendingPort | undefined;
}

/** Note ids are prefixed so they never clash with node ids in React Flow's single node list. */
export const NOTE_PREFIX = 'note:';
export const noteRfId = (id: string) => `${NOTE_PREFIX}${id}`;

interface Cached<T> {
  inputs: unknown[];
  value: T;
}

/**
 * Projects the document onto React Flow nodes and edges, reusing the previous object for every
 * node whose inputs did not change. React Flow re-renders a node only when its object changes, so
 * this identity is what keeps a drag on a 1,000-node flow from repainting the other 999.
 */
export function createProjector(catalog: NodeCatalog) {
  const nodeCache = new Map<string, Cached<CanvasRfNode>>();
  const edgeCache = new WeakMap<Edge, Cached<RfEdge>>();

  function cached<T>(
    cache: Map<string, Cached<T>>,
    key: string,
    inputs: unknown[],
    make: () => T,
  ): T {
    const hit = cache.get(key);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((v, i) => v === inputs[i]))
      return hit.value;
    const value = make();
    cache.set(key, { inputs, value });
    return value;
  }

  function nodes(
    graphNodes: readonly NodeInstance[],
    notes: readonly StickyNote[],
    view: CanvasView,
  ): CanvasRfNode[] {
    const out: CanvasRfNode[] = [];
    // Notes first so they sit beneath the nodes; containers before their children, as React Flow requires.
    for (const note of notes) {
      const id = noteRfId(note.id);
      const selected = view.selected.has(id);
      out.push(
        cached(nodeCache, id, [note, selected, view.readOnly], () => ({
          id,
          type: 'note',
          position: note.position,
          width: note.size.width,
          height: note.size.height,
          selected,
          draggable: !view.readOnly,
          zIndex: -1,
          data: { note },
        })),
      );
    }
    const ordered = byDepth(graphNodes);
    for (const node of ordered) {
      const selected = view.selected.has(node.id);
      const problems = view.problems.get(node.id);
      const status = view.status.get(node.id);
      const mark = view.marks.get(node.id);
      const measured = view.measured.get(node.id);
      const dragging = view.dragging.has(node.id);
      const hidden = view.live !== undefined && !view.live.has(node.id);
      const container = view.containers.get(node.id);
      const pending = view.pendingPort?.nodeId === node.id ? view.pendingPort : undefined;
      out.push(
        cached(
          nodeCache,
          node.id,
          [
            node,
            selected,
            problems,
            status,
            mark,
            measured,
            view.readOnly,
            dragging,
            hidden,
            container?.width,
            container?.height,
            pending,
          ],
          () => ({
            id: node.id,
            type: 'flow',
            // A dragged node goes where the pointer takes it, out of its loop too.
            position: dragging ? node.position : drawnPosition(node),
            selected,
            dragging,
            hidden,
            draggable: !view.readOnly,
            connectable: !view.readOnly,
            ...(measured ? { measured } : expectedLayout(node, catalog, container)),
            // A container's size is its body's, never what its content would measure.
            ...(container ? { width: container.width, height: container.height } : {}),
            // No `extent`: a body node can be dragged out of its loop (see `changeMembership`).
            ...(node.parentId !== undefined ? { parentId: node.parentId } : {}),
            data: {
              node,
              problems,
              status,
              mark,
              measured,
              container,
              readOnly: view.readOnly,
              pending,
            },
          }),
        ),
      );
    }
    const live = new Set(out.map((n) => n.id));
    for (const id of nodeCache.keys()) if (!live.has(id)) nodeCache.delete(id);
    return out;
  }

  function edges(graphEdges: readonly Edge[], selected: ReadonlySet<string>): RfEdge[] {
    return graphEdges.map((edge) => {
      const isSelected = selected.has(edge.id);
      const hit = edgeCache.get(edge);
      if (hit && hit.inputs[0] === isSelected) return hit.value;
      const value = toRfEdge(edge, isSelected);
      edgeCache.set(edge, { inputs: [isSelected], value });
      return value;
    });
  }

  return { nodes, edges };
}

/**
 * Where a node React Flow has not measured yet will have its size and handles. With them React Flow
 * can fit the view to nodes it has never drawn and leave off-screen ones undrawn, instead of drawing
 * every node once just to measure it; a node is measured for real when it is first drawn.
 */
function expectedLayout(
  node: NodeInstance,
  catalog: NodeCatalog,
  container: Size | undefined,
): { initialWidth: number; initialHeight: number; handles: NodeHandle[] } {
  const size = container ?? {
    width: NODE_WIDTH,
    height: nodeMinHeight(nodePorts(node, catalog).outputs.length),
  };
  const { inputs, outputs } = portPlaces(node, catalog, size);
  const handle = (type: 'source' | 'target', p: { port: string; left: number; top: number }) => ({
    id: p.port,
    type,
    position: type === 'source' ? Position.Right : Position.Left,
    x: p.left - HANDLE_SIZE / 2,
    y: p.top - HANDLE_SIZE / 2,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  });
  return {
    initialWidth: size.width,
    initialHeight: size.height,
    handles: [
      ...inputs.map((p) => handle('target', p)),
      ...outputs.map((p) => handle('source', p)),
    ],
  };
}

/** Containers before what they hold, at every depth, as React Flow requires of parents. */
function byDepth(nodes: readonly NodeInstance[]): readonly NodeInstance[] {
  if (nodes.every((n) => n.parentId === undefined)) return nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depth = (node: NodeInstance) => {
    let d = 0;
    for (let p = node.parentId; p !== undefined && d <= nodes.length; d++)
      p = byId.get(p)?.parentId;
    return d;
  };
  const depths = new Map(nodes.map((n) => [n.id, depth(n)]));
  return [...nodes].sort((a, b) => (depths.get(a.id) ?? 0) - (depths.get(b.id) ?? 0));
}

/** A handle's outer size: 10 px and a 2 px border (`.react-flow__handle` in styles.css). */
const HANDLE_SIZE = 14;

export function toRfEdge(edge: Edge, selected = false): RfEdge {
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.sourceOutput,
    targetHandle: edge.targetInput,
    selected,
    data: { label: edge.sourceOutput === 'main' ? undefined : edge.sourceOutput },
  };
}

/** React Flow's connection in our terms; undefined while a handle is missing. */
export function fromRfConnection(c: Connection | RfEdge): ProposedConnection | undefined {
  if (!c.sourceHandle || !c.targetHandle) return undefined;
  return {
    source: c.source,
    sourceOutput: c.sourceHandle,
    target: c.target,
    targetInput: c.targetHandle,
  };
}
