import { useEffect, useMemo } from 'react';
import { FlowGraphSchema, type NodeCatalog } from '@bizosaas/shared';
import { errorMessage } from '../api/client';
import { useNodeCatalog } from '../api/node-catalog';
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
 * A flow kept in this browser, with no workspace: a builder can sketch first (signed out, or
 * offline once the node catalog was read) and save later.
 */
export default function ScratchPage() {
  const catalog = useNodeCatalog();
  if (catalog.isError)
    return (
      <p className="page-loading" role="alert">
        {errorMessage(catalog.error)}
      </p>
    );
  if (!catalog.data) return <p className="page-loading">Loading…</p>;
  return <ScratchCanvas catalog={catalog.data} />;
}

function ScratchCanvas({ catalog }: { catalog: NodeCatalog }) {
  const store = useMemo(() => createCanvasStore(catalog, loadScratch(catalog)), [catalog]);
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
