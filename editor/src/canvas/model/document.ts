import { z } from 'zod';
import { CURRENT_SCHEMA_VERSION, PositionSchema, type FlowGraph } from '@bizosaas/shared';

/** A note pinned to the canvas; it documents the flow and takes no part in a run. */
export const StickyNoteSchema = z.object({
  id: z.string().min(1),
  text: z.string(),
  position: PositionSchema,
  width: z.number().positive(),
  height: z.number().positive(),
});
export type StickyNote = z.infer<typeof StickyNoteSchema>;

/** What the canvas edits: the flow graph the server validates, plus the canvas-only sticky notes. */
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
