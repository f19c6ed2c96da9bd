import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { NodeType } from '@bizosaas/shared';
import { copy, parse, paste, serialize, type Fragment } from './model/clipboard';
import { addConnected, mainOutput } from './model/add-connected';
import { absolutePosition } from './model/containers';
import { addNode, addNote, insertOnEdge, newNode, remove, reposition } from './model/edits';
import { newId } from './model/names';
import { NOTE_PREFIX, noteRfId } from './model/react-flow-adapter';
import { isTyping, shortcutFor, type ShortcutAction } from './shortcuts';
import { CanvasStoreContext, useCanvas, useCanvasStore, type CanvasStore } from './store';
import { FlowCanvas } from './flow-canvas';
import { Inspector, type ConnectionOption } from './ui/inspector';
import { Palette } from './ui/palette';
import { ProblemsPanel } from './ui/problems-panel';
import { AddAfterContext } from './ui/add-after';
import { NodeFinder } from './ui/node-finder';
import { NodeTypePicker } from './ui/node-type-picker';
import { useFitReadable, useFitWhole } from './ui/fit-readable';
import { ShortcutsHelp } from './ui/shortcuts-help';

export interface CanvasEditorProps {
  store: CanvasStore;
  connections?: readonly ConnectionOption[];
  /** Save, publish, run controls: the page decides what the canvas is connected to. */
  actions?: ReactNode;
  title: ReactNode;
  /** A panel under the canvas, such as the run being watched. */
  panel?: ReactNode;
}

/** The whole canvas workspace: palette, flow, inspector, problems, toolbar and keyboard. */
export function CanvasEditor({ store, ...props }: CanvasEditorProps) {
  return (
    <CanvasStoreContext.Provider value={store}>
      <ReactFlowProvider>
        <Workspace {...props} />
      </ReactFlowProvider>
    </CanvasStoreContext.Provider>
  );
}

const PASTE_OFFSET = { x: 40, y: 40 };

/**
 * Moves keyboard focus to a node once React Flow renders it: a node brought into view (or out of
 * the zoomed-out overview) appears a frame or a few later.
 */
function focusNode(area: HTMLElement | null, nodeId: string, framesLeft = 30) {
  const element = area?.querySelector<HTMLElement>(
    `.react-flow__node[data-id="${CSS.escape(nodeId)}"]`,
  );
  if (element) element.focus();
  else if (framesLeft > 0) requestAnimationFrame(() => focusNode(area, nodeId, framesLeft - 1));
}

function Workspace({ connections = [], actions, title, panel }: Omit<CanvasEditorProps, 'store'>) {
  const store = useCanvasStore();
  const { setCenter, getViewport, screenToFlowPosition } = useReactFlow();
  const fitWhole = useFitWhole();
  const readOnly = useCanvas((s) => s.readOnly);
  const notice = useCanvas((s) => s.notice);
  const canUndo = useCanvas((s) => s.history.past.length > 0);
  const canRedo = useCanvas((s) => s.history.future.length > 0);
  const [help, setHelp] = useState(false);
  const [finding, setFinding] = useState(false);
  const [layingOut, setLayingOut] = useState(false);
  // The output whose "+" was pressed: the node-type picker is open for it.
  const [addingAfter, setAddingAfter] = useState<{ nodeId: string; port: string } | undefined>();
  // Copies also stay in memory, for browsers that refuse clipboard access to the page.
  const lastCopied = useRef<Fragment | undefined>(undefined);
  const canvasArea = useRef<HTMLDivElement>(null);

  const viewportCenter = useCallback(() => {
    const rect = canvasArea.current?.getBoundingClientRect();
    return rect
      ? screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 })
      : { x: 0, y: 0 };
  }, [screenToFlowPosition]);

  const reveal = useCallback(
    (nodeId: string) => {
      const { doc, select, measured } = store.getState();
      const node = doc.graph.nodes.find((n) => n.id === nodeId);
      if (!node) return;
      select([nodeId]);
      const size = measured.get(nodeId) ?? { width: 220, height: 60 };
      const at = absolutePosition(node, new Map(doc.graph.nodes.map((n) => [n.id, n])));
      void setCenter(at.x + size.width / 2, at.y + size.height / 2, {
        zoom: Math.max(getViewport().zoom, 1),
        duration: 300,
      }).then(() => focusNode(canvasArea.current, nodeId));
    },
    [store, setCenter, getViewport],
  );

  /** Adds a node after an output, connected to it, and goes to it. */
  const addAfter = useCallback(
    (nodeType: NodeType, from: { nodeId: string; port: string }) => {
      const { doc, catalog, measured, run, setNotice } = store.getState();
      const { command, node, connected } = addConnected(doc, catalog, nodeType, from, measured);
      run(command);
      const source = doc.graph.nodes.find((n) => n.id === from.nodeId)?.name ?? '';
      setNotice(connected ? `Added ${node.name} after ${source}` : `Added ${node.name}`);
      reveal(node.id);
    },
    [store, reveal],
  );

  const addFromPalette = useCallback(
    (nodeType: NodeType) => {
      const { doc, catalog, selectedEdges, selected, run, select } = store.getState();
      const edge =
        selectedEdges.size === 1 ? doc.graph.edges.find((e) => selectedEdges.has(e.id)) : undefined;
      const anchors = doc.graph.nodes.filter((n) => selected.has(n.id));
      const port = anchors.length === 1 ? mainOutput(anchors[0]!, catalog) : undefined;
      // One node selected: the new one follows it, connected to its main output.
      if (!edge && anchors.length === 1 && port !== undefined)
        return addAfter(nodeType, { nodeId: anchors[0]!.id, port });
      const center = viewportCenter();
      const node = newNode(nodeType, { x: center.x - 110, y: center.y - 30 }, doc);
      run(edge ? insertOnEdge(edge, node, nodeType) : addNode(node));
      select([node.id]);
    },
    [store, viewportCenter, addAfter],
  );

  const fitReadable = useFitReadable();

  const openAddAfter = useCallback(
    (nodeId: string, port: string) => setAddingAfter({ nodeId, port }),
    [],
  );

  const layout = useCallback(async () => {
    setLayingOut(true);
    try {
      const { autoLayout } = await import('./layout');
      const { doc, measured, catalog, run } = store.getState();
      run(reposition(doc, await autoLayout(doc, catalog, measured), 'Auto-layout'));
      requestAnimationFrame(() => void fitReadable(300));
    } finally {
      setLayingOut(false);
    }
  }, [store, fitReadable]);

  const perform = useCallback(
    async (action: ShortcutAction) => {
      const state = store.getState();
      const selection = {
        nodes: new Set([...state.selected].filter((id) => !id.startsWith(NOTE_PREFIX))),
        notes: new Set(
          [...state.selected]
            .filter((id) => id.startsWith(NOTE_PREFIX))
            .map((id) => id.slice(NOTE_PREFIX.length)),
        ),
      };
      const pasteFragment = (fragment: Fragment) => {
        const s = store.getState();
        const { command, ids } = paste(s.doc, fragment, PASTE_OFFSET);
        s.run(command);
        s.select([...ids.nodes, ...ids.notes.map(noteRfId)]);
      };
      switch (action) {
        case 'undo':
          return state.undo();
        case 'redo':
          return state.redo();
        case 'copy':
        case 'cut': {
          const fragment = copy(state.doc, selection);
          if (!fragment) return;
          lastCopied.current = fragment;
          await navigator.clipboard?.writeText(serialize(fragment)).catch(() => undefined);
          if (action === 'cut')
            state.run({
              ...remove(state.doc, { nodes: selection.nodes, notes: selection.notes }),
              label: 'Cut',
            });
          state.setNotice(
            `${action === 'cut' ? 'Cut' : 'Copied'} ${fragment.nodes.length + fragment.notes.length} items`,
          );
          return;
        }
        case 'paste': {
          const text = await navigator.clipboard?.readText().catch(() => undefined);
          const fragment = (text === undefined ? undefined : parse(text)) ?? lastCopied.current;
          if (fragment) pasteFragment(fragment);
          return;
        }
        case 'duplicate': {
          const fragment = copy(state.doc, selection);
          if (fragment) pasteFragment(fragment);
          return;
        }
        case 'delete':
          return state.run(
            remove(state.doc, {
              nodes: selection.nodes,
              edges: state.selectedEdges,
              notes: selection.notes,
            }),
          );
        case 'selectAll':
          return state.select([
            ...state.doc.graph.nodes.map((n) => n.id),
            ...state.doc.notes.map((n) => noteRfId(n.id)),
          ]);
        case 'layout':
          return layout();
        case 'fitView':
          return void fitWhole(300);
        case 'addNote': {
          const center = viewportCenter();
          const note = {
            id: newId('note'),
            text: '',
            position: { x: center.x - 100, y: center.y - 60 },
            size: { width: 200, height: 120 },
          };
          state.run(addNote(note));
          return state.select([noteRfId(note.id)]);
        }
        case 'find':
          return setFinding(true);
        case 'help':
          return setHelp(true);
        case 'escape':
          state.cancelPort();
          return state.select([]);
      }
    },
    [store, layout, fitWhole, viewportCenter],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || document.querySelector('dialog[open]')) return;
      const action = shortcutFor(e);
      if (!action) return;
      const editing = !['fitView', 'find', 'help', 'escape', 'copy', 'selectAll'].includes(action);
      if (editing && store.getState().readOnly) return;
      e.preventDefault();
      void perform(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [perform, store]);

  return (
    <div className="workspace">
      <section className="canvas-toolbar" aria-label="Canvas toolbar">
        <div className="canvas-title">{title}</div>
        {!readOnly && (
          <>
            <button
              type="button"
              className="button"
              onClick={() => void perform('undo')}
              disabled={!canUndo}
              aria-keyshortcuts="Control+Z"
            >
              Undo
            </button>
            <button
              type="button"
              className="button"
              onClick={() => void perform('redo')}
              disabled={!canRedo}
              aria-keyshortcuts="Control+Shift+Z"
            >
              Redo
            </button>
            <button
              type="button"
              className="button"
              onClick={() => void perform('layout')}
              disabled={layingOut}
              aria-keyshortcuts="Shift+L"
            >
              {layingOut ? 'Laying out…' : 'Auto-layout'}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => void perform('addNote')}
              aria-keyshortcuts="N"
            >
              Add note
            </button>
          </>
        )}
        <button
          type="button"
          className="button"
          onClick={() => void perform('fitView')}
          aria-keyshortcuts="Shift+1"
        >
          Fit view
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setFinding(true)}
          aria-keyshortcuts="/"
        >
          Find node
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setHelp(true)}
          aria-keyshortcuts="?"
        >
          Shortcuts
        </button>
        <div className="toolbar-spacer" />
        {actions}
      </section>
      <div className={readOnly ? 'workspace-body is-readonly' : 'workspace-body'}>
        <Palette onAdd={addFromPalette} />
        <section className="canvas-area" ref={canvasArea} aria-label="Flow canvas">
          <AddAfterContext.Provider value={readOnly ? undefined : openAddAfter}>
            <FlowCanvas />
          </AddAfterContext.Provider>
        </section>
        <Inspector connections={connections} />
      </div>
      {readOnly ? null : <ProblemsPanel onReveal={reveal} />}
      {panel}
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      {finding && <NodeFinder onChoose={reveal} onClose={() => setFinding(false)} />}
      {addingAfter && (
        <NodeTypePicker
          after={
            store.getState().doc.graph.nodes.find((n) => n.id === addingAfter.nodeId)?.name ?? ''
          }
          onChoose={(nodeType) => addAfter(nodeType, addingAfter)}
          onClose={() => setAddingAfter(undefined)}
        />
      )}
    </div>
  );
}
