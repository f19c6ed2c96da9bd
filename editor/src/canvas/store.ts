import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { EdgeChange, NodeChange } from '@xyflow/react';
import { validate, type NodeCatalog, type NodeInstance, type Problem } from '@bizosaas/shared';
import type { EditorDoc, StickyNote } from './model/document';
import {
  emptyHistory,
  execute,
  record,
  redo,
  undo,
  type Command,
  type History,
} from './model/history';
import { connect, move } from './model/edits';
import { pressPort, type PendingPort } from './model/keyboard-connect';
import { NOTE_PREFIX, type CanvasRfNode } from './model/react-flow-adapter';
import type { NodeStatus } from '@bizosaas/shared';
import type { DiffMark } from './model/diff-marks';
import { problemsByNode, type NodeProblems } from './model/problems';

export interface CanvasState {
  catalog: NodeCatalog;
  doc: EditorDoc;
  history: History;
  /** React Flow ids of selected nodes and notes (notes carry `NOTE_PREFIX`). */
  selected: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  /** React Flow ids of the nodes being dragged right now. */
  dragging: ReadonlySet<string>;
  problems: Problem[];
  problemsByNode: ReadonlyMap<string, NodeProblems>;
  status: ReadonlyMap<string, NodeStatus>;
  /** How each node differs between two versions, when the canvas shows a comparison. */
  marks: ReadonlyMap<string, DiffMark>;
  measured: ReadonlyMap<string, { width: number; height: number }>;
  readOnly: boolean;
  /** Short feedback for the live region: what was undone, why a connection was refused. */
  notice: string;
  /** Bumped on every document change; autosave and the dirty flag watch it. */
  revision: number;
  /** One end of a connection being made with the keyboard (see `pressPort`). */
  pendingPort: PendingPort | undefined;
  /** The nodes as they were when the current drag began; undefined when nothing is dragged. */
  dragOrigin: readonly NodeInstance[] | undefined;
}

export interface CanvasActions {
  run(command: Command): void;
  undo(): void;
  redo(): void;
  applyNodeChanges(changes: NodeChange<CanvasRfNode>[]): void;
  applyEdgeChanges(changes: EdgeChange[]): void;
  beginDrag(): void;
  endDrag(): void;
  select(nodeIds: Iterable<string>, edgeIds?: Iterable<string>): void;
  setStatus(status: ReadonlyMap<string, NodeStatus>): void;
  setMarks(marks: ReadonlyMap<string, DiffMark>): void;
  setNotice(notice: string): void;
  replaceDoc(doc: EditorDoc): void;
  /** Enter on a focused port: picks one end of a connection, or makes it. */
  pressPort(port: PendingPort): void;
  cancelPort(): void;
}

export type CanvasStore = StoreApi<CanvasState & CanvasActions>;

// Validation waits for a pause in editing: a drag changes the document every frame and a
// 1,000-node flow should be validated once when it settles, not sixty times a second.
const VALIDATE_DELAY_MS = 150;

export function createCanvasStore(
  catalog: NodeCatalog,
  doc: EditorDoc,
  options: { readOnly?: boolean } = {},
): CanvasStore {
  let dragBefore: { nodes: NodeInstance[]; notes: StickyNote[] } | undefined;
  let validateTimer: ReturnType<typeof setTimeout> | undefined;

  const store = createStore<CanvasState & CanvasActions>()((set, get) => {
    const revalidate = () => {
      clearTimeout(validateTimer);
      validateTimer = setTimeout(() => {
        const { doc: current, catalog: cat } = get();
        const problems = validate(current.graph, cat);
        const edgeTargets = new Map(current.graph.edges.map((e) => [e.id, e.target]));
        set({ problems, problemsByNode: problemsByNode(problems, edgeTargets) });
      }, VALIDATE_DELAY_MS);
    };
    const setDoc = (next: EditorDoc, extra: Partial<CanvasState> = {}) => {
      set({ doc: next, revision: get().revision + 1, ...extra });
      revalidate();
    };

    return {
      catalog,
      doc,
      history: emptyHistory(),
      selected: new Set(),
      selectedEdges: new Set(),
      dragging: new Set(),
      problems: [],
      problemsByNode: new Map(),
      status: new Map(),
      marks: new Map(),
      measured: new Map(),
      readOnly: options.readOnly ?? false,
      notice: '',
      revision: 0,
      pendingPort: undefined,
      dragOrigin: undefined,

      run(command) {
        if (get().readOnly || command.ops.length === 0) return;
        const result = execute(get().doc, get().history, command);
        setDoc(result.doc, { history: result.history });
      },
      undo() {
        const result = get().readOnly ? undefined : undo(get().doc, get().history);
        if (result)
          setDoc(result.doc, { history: result.history, notice: `Undid ${result.label}` });
      },
      redo() {
        const result = get().readOnly ? undefined : redo(get().doc, get().history);
        if (result)
          setDoc(result.doc, { history: result.history, notice: `Redid ${result.label}` });
      },

      applyNodeChanges(changes) {
        const state = get();
        let nodes: NodeInstance[] | undefined;
        let notes: StickyNote[] | undefined;
        let selected: Set<string> | undefined;
        let dragging: Set<string> | undefined;
        let measured: Map<string, { width: number; height: number }> | undefined;
        const indexOf = new Map<string, number>();
        for (const change of changes) {
          if (change.type === 'position' && change.dragging !== undefined) {
            // React Flow keeps a node it is dragging on the canvas only if the node says so.
            if (change.dragging !== (dragging ?? state.dragging).has(change.id)) {
              dragging ??= new Set(state.dragging);
              if (change.dragging) dragging.add(change.id);
              else dragging.delete(change.id);
            }
          }
          if (change.type === 'position' && change.position && !state.readOnly) {
            if (change.id.startsWith(NOTE_PREFIX)) {
              notes ??= [...state.doc.notes];
              const i = notes.findIndex((n) => n.id === change.id.slice(NOTE_PREFIX.length));
              if (i >= 0) notes[i] = { ...notes[i]!, position: change.position };
            } else {
              if (!nodes) {
                nodes = [...state.doc.graph.nodes];
                nodes.forEach((n, i) => indexOf.set(n.id, i));
              }
              const i = indexOf.get(change.id);
              if (i !== undefined) nodes[i] = { ...nodes[i]!, position: change.position };
            }
          } else if (change.type === 'select') {
            selected ??= new Set(state.selected);
            if (change.selected) selected.add(change.id);
            else selected.delete(change.id);
          } else if (change.type === 'dimensions' && change.dimensions) {
            const old = state.measured.get(change.id);
            if (old?.width !== change.dimensions.width || old.height !== change.dimensions.height) {
              measured ??= new Map(state.measured);
              measured.set(change.id, change.dimensions);
            }
          }
        }
        const patch: Partial<CanvasState> = {};
        if (selected) patch.selected = selected;
        if (dragging) patch.dragging = dragging;
        if (measured) patch.measured = measured;
        if (nodes || notes) {
          // Positions during a drag are live but not yet history: `endDrag` records the whole gesture.
          patch.doc = {
            graph: nodes ? { ...state.doc.graph, nodes } : state.doc.graph,
            notes: notes ?? state.doc.notes,
          };
          patch.revision = state.revision + 1;
        }
        if (Object.keys(patch).length > 0) set(patch);
      },
      applyEdgeChanges(changes) {
        let selectedEdges: Set<string> | undefined;
        for (const change of changes) {
          if (change.type !== 'select') continue;
          selectedEdges ??= new Set(get().selectedEdges);
          if (change.selected) selectedEdges.add(change.id);
          else selectedEdges.delete(change.id);
        }
        if (selectedEdges) set({ selectedEdges });
      },
      beginDrag() {
        const { doc: current } = get();
        dragBefore = { nodes: current.graph.nodes, notes: current.notes };
        set({ dragOrigin: current.graph.nodes });
      },
      endDrag() {
        if (!dragBefore) return;
        const { doc: current, history } = get();
        const command = move(dragBefore, { nodes: current.graph.nodes, notes: current.notes });
        dragBefore = undefined;
        set({ dragOrigin: undefined });
        if (command.ops.length > 0) setDoc(current, { history: record(history, command) });
      },
      select(nodeIds, edgeIds = []) {
        set({ selected: new Set(nodeIds), selectedEdges: new Set(edgeIds) });
      },
      setStatus(status) {
        set({ status });
      },
      setMarks(marks) {
        set({ marks });
      },
      setNotice(notice) {
        set({ notice });
      },
      pressPort(port) {
        const state = get();
        if (state.readOnly) return;
        const result = pressPort(state.doc.graph, state.catalog, state.pendingPort, port);
        if (result.kind === 'connected') {
          state.run(connect(result.edge));
          set({ pendingPort: undefined, notice: result.notice });
        } else {
          set({
            pendingPort: result.kind === 'cancelled' ? undefined : result.pending,
            notice: result.notice,
          });
        }
      },
      cancelPort() {
        if (get().pendingPort) set({ pendingPort: undefined, notice: 'Connection cancelled' });
      },
      replaceDoc(next) {
        setDoc(next, { history: emptyHistory(), selected: new Set(), selectedEdges: new Set() });
      },
    };
  });
  // The first validation runs at once so badges are there when the canvas first paints.
  const first = validate(doc.graph, catalog);
  store.setState({
    problems: first,
    problemsByNode: problemsByNode(first, new Map(doc.graph.edges.map((e) => [e.id, e.target]))),
  });
  return store;
}

export const CanvasStoreContext = createContext<CanvasStore | null>(null);

/** A narrow subscription to the canvas store: components re-render only when their slice changes. */
export function useCanvas<T>(selector: (state: CanvasState & CanvasActions) => T): T {
  const store = useContext(CanvasStoreContext);
  if (!store) throw new Error('useCanvas outside a canvas');
  return useStore(store, selector);
}

/**
 * The node catalog. It is fixed for the store's lifetime, so it is read without subscribing: a
 * thousand nodes each listening would all be woken by every change during a drag.
 */
export function useCatalog(): NodeCatalog {
  return useCanvasStore().getState().catalog;
}

export function useCanvasStore(): CanvasStore {
  const store = useContext(CanvasStoreContext);
  if (!store) throw new Error('useCanvasStore outside a canvas');
  return store;
}
