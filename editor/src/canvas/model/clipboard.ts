import { z } from 'zod';
import { EdgeSchema, NodeInstanceSchema, type Edge, type NodeInstance } from '@bizosaas/shared';
import { StickyNoteSchema, type EditorDoc, type StickyNote } from './document';
import type { Command } from './history';
import { newId, uniqueName } from './names';
import type { Operation } from './operations';

/**
 * Copied canvas content travels as JSON text on the system clipboard, so it pastes into another
 * tab or window; the envelope key tells our JSON from any other text the user copied.
 */
export const CLIPBOARD_KIND = 'bizosaas/canvas-fragment';

const FragmentSchema = z.object({
  kind: z.literal(CLIPBOARD_KIND),
  version: z.literal(1),
  nodes: z.array(NodeInstanceSchema),
  edges: z.array(EdgeSchema),
  notes: z.array(StickyNoteSchema).default([]),
});
export type Fragment = z.infer<typeof FragmentSchema>;

/** The selected nodes and notes, with the edges that run between selected nodes. */
export function copy(
  doc: EditorDoc,
  selection: { nodes: ReadonlySet<string>; notes: ReadonlySet<string> },
): Fragment | undefined {
  const nodes = doc.graph.nodes.filter((n) => selection.nodes.has(n.id));
  const notes = doc.notes.filter((n) => selection.notes.has(n.id));
  if (nodes.length === 0 && notes.length === 0) return undefined;
  const edges = doc.graph.edges.filter(
    (e) => selection.nodes.has(e.source) && selection.nodes.has(e.target),
  );
  return { kind: CLIPBOARD_KIND, version: 1, nodes, edges, notes };
}

export const serialize = (fragment: Fragment): string => JSON.stringify(fragment, null, 2);

/** Our fragment from clipboard text, or undefined for anything else (plain text, other apps' JSON). */
export function parse(text: string): Fragment | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const result = FragmentSchema.safeParse(value);
  return result.success ? result.data : undefined;
}

/**
 * Pasting gives every node, edge and note a new id and every node a name unique in the target
 * flow, shifted by `offset`. A pasted node whose loop container was not pasted lands at top level.
 */
export function paste(
  doc: EditorDoc,
  fragment: Fragment,
  offset: { x: number; y: number },
): { command: Command; ids: { nodes: string[]; notes: string[] } } {
  const idMap = new Map<string, string>();
  const taken = new Set(doc.graph.nodes.map((n) => n.name));
  const nodes: NodeInstance[] = fragment.nodes.map((node) => {
    const id = newId('n');
    idMap.set(node.id, id);
    const name = uniqueName(node.name, taken);
    taken.add(name);
    return { ...node, id, name };
  });
  for (const node of nodes) {
    const parent = node.parentId === undefined ? undefined : idMap.get(node.parentId);
    if (parent === undefined) {
      delete node.parentId;
      node.position = { x: node.position.x + offset.x, y: node.position.y + offset.y };
    } else {
      // Children are positioned relative to their container, which moves with them.
      node.parentId = parent;
    }
  }
  const edges: Edge[] = fragment.edges.flatMap((edge) => {
    const source = idMap.get(edge.source);
    const target = idMap.get(edge.target);
    return source && target ? [{ ...edge, id: newId('e'), source, target }] : [];
  });
  const notes: StickyNote[] = fragment.notes.map((note) => ({
    ...note,
    id: newId('note'),
    position: { x: note.position.x + offset.x, y: note.position.y + offset.y },
  }));
  const ops: Operation[] = [
    ...nodes.map((node): Operation => ({ kind: 'addNode', node })),
    ...edges.map((edge): Operation => ({ kind: 'addEdge', edge })),
    ...notes.map((note): Operation => ({ kind: 'addNote', note })),
  ];
  return {
    command: { label: 'Paste', ops },
    ids: { nodes: nodes.map((n) => n.id), notes: notes.map((n) => n.id) },
  };
}
