import { builtinCatalog } from '@bizosaas/nodes';
import { emptyDoc, type EditorDoc } from './document';
import { applyAll } from './operations';
import { addNode, connect, newNode } from './edits';
import type { CanvasView } from './react-flow-adapter';

const catalog = builtinCatalog();

/** A small flow for tests: Manual trigger → Set → If, built through the same commands the canvas uses. */
export function sampleDoc(): EditorDoc {
  let doc = emptyDoc();
  const add = (type: string, x: number) => {
    const node = newNode(catalog.latest(type)!, { x, y: 0 }, doc);
    doc = applyAll(doc, addNode(node).ops);
    return node;
  };
  const trigger = add('core.manual_trigger', 0);
  const set = add('core.set', 200);
  const cond = add('core.if', 400);
  doc = applyAll(
    doc,
    connect({
      id: 'e1',
      source: trigger.id,
      sourceOutput: 'main',
      target: set.id,
      targetInput: 'main',
    }).ops,
  );
  doc = applyAll(
    doc,
    connect({
      id: 'e2',
      source: set.id,
      sourceOutput: 'main',
      target: cond.id,
      targetInput: 'main',
    }).ops,
  );
  return doc;
}

/** What the canvas shows besides the document, with nothing selected, dragged or badged. */
export const quietView = (over: Partial<CanvasView> = {}): CanvasView => ({
  selected: new Set(),
  problems: new Map(),
  status: new Map(),
  marks: new Map(),
  measured: new Map(),
  readOnly: false,
  dragging: new Set(),
  live: undefined,
  containers: new Map(),
  pendingPort: undefined,
  ...over,
});
