import { useEffect, useMemo } from 'react';
import { FlowGraphSchema, type NodeCatalog } from '@bizosaas/shared';
import { nodeCatalog } from '../api/node-catalog';
import { CanvasEditor } from '../canvas/canvas-editor';
import { emptyDoc, fromGraph, toGraph, type EditorDoc } from '../canvas/model/document';
import { addNode, newNode } from '../canvas/model/edits';
import { applyAll } from '../canvas/model/operations';
import { createCanvasStore } from '../canvas/store';

/** Where the scratch flow lives: this browser only, until it is saved to a workspace. */
export const SCRATCH_KEY = 'bizosaas.scratch';
const AUTOSAVE_DELAY_MS = 500;

function loadScratch(catalog: NodeCatalog): EditorDoc {
  const stored = FlowGraphSchema.safeParse(JSON.parse(localStorage.getItem(SCRATCH_KEY) ?? 'null'));
  if (stored.success) return fromGraph(stored.data);
  const doc = emptyDoc();
  return applyAll(
    doc,
    addNode(newNode(catalog.latest('core.manual_trigger')!, { x: 0, y: 0 }, doc)).ops,
  );
}

/**
 * A flow kept in this browser: the canvas works without a server (and offline), so a builder can
 * sketch first and save later.
 */
export default function ScratchPage() {
  const store = useMemo(() => createCanvasStore(nodeCatalog, loadScratch(nodeCatalog)), []);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.revision === previous.revision) return;
      clearTimeout(timer);
      timer = setTimeout(
        () => localStorage.setItem(SCRATCH_KEY, JSON.stringify(toGraph(store.getState().doc))),
        AUTOSAVE_DELAY_MS,
      );
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store]);
  return (
    <CanvasEditor
      store={store}
      title={<h1 className="canvas-heading">Scratch flow</h1>}
      actions={<span className="muted">Saved in this browser</span>}
    />
  );
}
