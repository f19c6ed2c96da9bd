import {
  paramsJsonSchema,
  type Edge,
  type JsonValue,
  type NodeInstance,
  type NodeType,
} from '@bizosaas/shared';
import type { EditorDoc, StickyNote } from './document';
import type { Command } from './history';
import { newId, uniqueName } from './names';
import type { Operation } from './operations';

/*
 * Every change the canvas makes is built here as a command: a label for the undo menu and the
 * operations it consists of. Nothing here mutates; the store applies and records the result.
 */

export function newNode(
  nodeType: NodeType,
  position: { x: number; y: number },
  doc: EditorDoc,
): NodeInstance {
  const taken = new Set(doc.graph.nodes.map((n) => n.name));
  return {
    id: newId('n'),
    type: nodeType.type,
    typeVersion: nodeType.version,
    name: uniqueName(nodeType.title, taken),
    position,
    params: defaultParams(nodeType),
    onError: 'fail',
  };
}

/**
 * The params a new node starts with: each param's schema default, so the form opens filled in.
 * Taken per property, since a node with one required param would otherwise get no defaults at all.
 */
function defaultParams(nodeType: NodeType): Record<string, JsonValue> {
  const properties = paramsJsonSchema(nodeType).properties;
  if (typeof properties !== 'object' || properties === null) return {};
  const params: Record<string, JsonValue> = {};
  for (const [key, schema] of Object.entries(
    properties as Record<string, { default?: JsonValue }>,
  )) {
    if (schema.default !== undefined) params[key] = schema.default;
  }
  return params;
}

export function addNode(node: NodeInstance): Command {
  return { label: `Add ${node.name}`, ops: [{ kind: 'addNode', node }] };
}

export function addNote(note: StickyNote): Command {
  return { label: 'Add note', ops: [{ kind: 'addNote', note }] };
}

export function connect(edge: Edge): Command {
  return { label: 'Connect', ops: [{ kind: 'addEdge', edge }] };
}

/** Places a node on an existing edge: source → node → target, through the node's first ports. */
export function insertOnEdge(edge: Edge, node: NodeInstance, nodeType: NodeType): Command {
  const input = nodeType.inputs[0];
  const output = nodeType.outputs[0];
  const ops: Operation[] = [{ kind: 'addNode', node }];
  if (input && output) {
    ops.unshift({ kind: 'removeEdge', edge });
    ops.push(
      {
        kind: 'addEdge',
        edge: {
          id: newId('e'),
          source: edge.source,
          sourceOutput: edge.sourceOutput,
          target: node.id,
          targetInput: input.name,
        },
      },
      {
        kind: 'addEdge',
        edge: {
          id: newId('e'),
          source: node.id,
          sourceOutput: output.name,
          target: edge.target,
          targetInput: edge.targetInput,
        },
      },
    );
  }
  return { label: `Insert ${node.name}`, ops };
}

/** Removes nodes (with every edge touching them), edges and notes as one undo step. */
export function remove(
  doc: EditorDoc,
  ids: { nodes?: Iterable<string>; edges?: Iterable<string>; notes?: Iterable<string> },
): Command {
  const nodeIds = new Set(ids.nodes);
  const edgeIds = new Set(ids.edges);
  const noteIds = new Set(ids.notes);
  const ops: Operation[] = [];
  // Edges first, so undo re-adds nodes before the edges that need them.
  doc.graph.edges.forEach((edge, index) => {
    if (edgeIds.has(edge.id) || nodeIds.has(edge.source) || nodeIds.has(edge.target))
      ops.push({ kind: 'removeEdge', edge, index });
  });
  doc.graph.nodes.forEach((node, index) => {
    if (nodeIds.has(node.id)) ops.push({ kind: 'removeNode', node, index });
  });
  doc.notes.forEach((note, index) => {
    if (noteIds.has(note.id)) ops.push({ kind: 'removeNote', note, index });
  });
  // Removals run in order, so indexes must be those after earlier removals: undo (reverse order) then restores exact positions.
  return { label: 'Delete', ops: reindexRemovals(ops) };
}

function reindexRemovals(ops: Operation[]): Operation[] {
  const removed = { removeEdge: 0, removeNode: 0, removeNote: 0 };
  return ops.map((op) => {
    if (op.kind !== 'removeEdge' && op.kind !== 'removeNode' && op.kind !== 'removeNote') return op;
    const index = (op.index ?? 0) - removed[op.kind];
    removed[op.kind] += 1;
    return { ...op, index };
  });
}

/** Moves recorded after a drag: one command for every node and note that moved. */
export function move(
  before: { nodes: NodeInstance[]; notes: StickyNote[] },
  after: { nodes: NodeInstance[]; notes: StickyNote[] },
): Command {
  const ops: Operation[] = [];
  before.nodes.forEach((b, i) => {
    const a = after.nodes[i];
    if (a && (a.position.x !== b.position.x || a.position.y !== b.position.y))
      ops.push({ kind: 'updateNode', before: b, after: a });
  });
  before.notes.forEach((b, i) => {
    const a = after.notes[i];
    if (a && (a.position.x !== b.position.x || a.position.y !== b.position.y))
      ops.push({ kind: 'updateNote', before: b, after: a });
  });
  return { label: ops.length === 1 ? 'Move' : `Move ${ops.length} items`, ops };
}

/** Changes a node's fields (name, params, connection, error handling); typing into one field merges. */
export function updateNode(before: NodeInstance, after: NodeInstance, field: string): Command {
  return {
    label: `Edit ${before.name}`,
    ops: [{ kind: 'updateNode', before, after }],
    mergeKey: `node:${before.id}:${field}`,
  };
}

export function updateNote(before: StickyNote, after: StickyNote): Command {
  return {
    label: 'Edit note',
    ops: [{ kind: 'updateNote', before, after }],
    mergeKey: `note:${before.id}`,
  };
}

/** New positions for many nodes at once (auto-layout), undone as one step. */
export function reposition(
  doc: EditorDoc,
  positions: ReadonlyMap<string, { x: number; y: number }>,
  label: string,
): Command {
  const ops: Operation[] = [];
  for (const node of doc.graph.nodes) {
    const p = positions.get(node.id);
    if (p && (p.x !== node.position.x || p.y !== node.position.y))
      ops.push({ kind: 'updateNode', before: node, after: { ...node, position: p } });
  }
  return { label, ops };
}
