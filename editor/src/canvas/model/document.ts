import {
  CURRENT_SCHEMA_VERSION,
  StickyNoteSchema,
  type FlowGraph,
  type StickyNote,
} from '@bizosaas/shared';

export { StickyNoteSchema, type StickyNote };

/**
 * What the canvas edits: the flow graph the validator reads, and the sticky notes beside it. Notes
 * are kept apart while editing so moving one never invalidates validation of the graph; they are
 * stored in the graph's `notes` (which validate and compile ignore).
 */
export interface EditorDoc {
  graph: FlowGraph;
  notes: StickyNote[];
}

export function emptyDoc(): EditorDoc {
  return {
    graph: {
      schemaVersion: CURRENT_SCHEMA_VERSION,
      nodes: [],
      edges: [],
      settings: { variables: {} },
    },
    notes: [],
  };
}

/** The document as one stored graph (what `flows.saveDraft` takes). */
export function toGraph(doc: EditorDoc): FlowGraph {
  const { notes: _stale, ...graph } = doc.graph;
  return doc.notes.length > 0 ? { ...graph, notes: doc.notes } : graph;
}

/** A stored graph opened for editing. */
export function fromGraph(graph: FlowGraph): EditorDoc {
  const { notes = [], ...rest } = graph;
  return { graph: rest, notes };
}
