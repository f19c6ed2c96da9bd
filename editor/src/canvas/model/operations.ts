import type { Edge, NodeInstance } from '@bizosaas/shared';
import type { EditorDoc, StickyNote } from './document';

/**
 * The smallest reversible changes to a document. Every edit is a list of these, so undo is the
 * inverted list applied in reverse and no edit needs its own undo code.
 */
export type Operation =
  | { kind: 'addNode'; node: NodeInstance; index?: number }
  | { kind: 'removeNode'; node: NodeInstance; index?: number }
  | { kind: 'updateNode'; before: NodeInstance; after: NodeInstance }
  | { kind: 'addEdge'; edge: Edge; index?: number }
  | { kind: 'removeEdge'; edge: Edge; index?: number }
  | { kind: 'addNote'; note: StickyNote; index?: number }
  | { kind: 'removeNote'; note: StickyNote; index?: number }
  | { kind: 'updateNote'; before: StickyNote; after: StickyNote };

export function invert(op: Operation): Operation {
  switch (op.kind) {
    case 'addNode':
      return { kind: 'removeNode', node: op.node, index: op.index };
    case 'removeNode':
      return { kind: 'addNode', node: op.node, index: op.index };
    case 'updateNode':
      return { kind: 'updateNode', before: op.after, after: op.before };
    case 'addEdge':
      return { kind: 'removeEdge', edge: op.edge, index: op.index };
    case 'removeEdge':
      return { kind: 'addEdge', edge: op.edge, index: op.index };
    case 'addNote':
      return { kind: 'removeNote', note: op.note, index: op.index };
    case 'removeNote':
      return { kind: 'addNote', note: op.note, index: op.index };
    case 'updateNote':
      return { kind: 'updateNote', before: op.after, after: op.before };
  }
}

function insertAt<T>(list: readonly T[], item: T, index: number | undefined): T[] {
  const at = index === undefined || index > list.length ? list.length : index;
  return [...list.slice(0, at), item, ...list.slice(at)];
}

function replaceById<T extends { id: string }>(list: readonly T[], item: T): T[] {
  return list.map((x) => (x.id === item.id ? item : x));
}

/** Applies one operation; untouched nodes, edges and notes keep their identity (React Flow relies on it). */
export function apply(doc: EditorDoc, op: Operation): EditorDoc {
  const { graph } = doc;
  switch (op.kind) {
    case 'addNode':
      return { ...doc, graph: { ...graph, nodes: insertAt(graph.nodes, op.node, op.index) } };
    case 'removeNode':
      return { ...doc, graph: { ...graph, nodes: graph.nodes.filter((n) => n.id !== op.node.id) } };
    case 'updateNode':
      return { ...doc, graph: { ...graph, nodes: replaceById(graph.nodes, op.after) } };
    case 'addEdge':
      return { ...doc, graph: { ...graph, edges: insertAt(graph.edges, op.edge, op.index) } };
    case 'removeEdge':
      return { ...doc, graph: { ...graph, edges: graph.edges.filter((e) => e.id !== op.edge.id) } };
    case 'addNote':
      return { ...doc, notes: insertAt(doc.notes, op.note, op.index) };
    case 'removeNote':
      return { ...doc, notes: doc.notes.filter((n) => n.id !== op.note.id) };
    case 'updateNote':
      return { ...doc, notes: replaceById(doc.notes, op.after) };
  }
}

export function applyAll(doc: EditorDoc, ops: readonly Operation[]): EditorDoc {
  return ops.reduce(apply, doc);
}
