import { useCallback, useDeferredValue, useMemo, useState, type DragEvent } from 'react';
import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type NodeTypes,
  type OnNodeDrag,
} from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { checkConnection } from './model/connection-rules';
import {
  changeMembership,
  containerAt,
  containerSizes,
  dropTargets,
  relativeTo,
} from './model/containers';
import { connect, insertOnEdge, newNode, addNode } from './model/edits';
import { newId } from './model/names';
import { nodeBoxes } from './model/overview';
import { createProjector, fromRfConnection, type CanvasRfNode } from './model/react-flow-adapter';
import { useCanvas, useCanvasStore, useCatalog } from './store';
import { FlowNodeView } from './ui/flow-node';
import { NoteNodeView } from './ui/note-node';
import { OverviewLayer } from './ui/overview-layer';
import { useFitReadable, useFitWhole } from './ui/fit-readable';
import { useOverviewPointer } from './ui/overview-pointer';
import { NODE_TYPE_MIME } from './ui/palette';
import { isZoomedOut, ZoomedOutContext } from './ui/zoom-level';

// Declared once at module level: a new object per render would remount every node.
const NODE_TYPES: NodeTypes = { flow: FlowNodeView, note: NoteNodeView };
const NO_EDGES: never[] = [];
const DEFAULT_EDGE_OPTIONS = { interactionWidth: 24 };
const MINIMAP_STYLE = { width: 160, height: 110 };
const minimapColor = (node: CanvasRfNode) => (node.type === 'note' ? '#fde68a' : '#94a3b8');

/**
 * The React Flow surface: a thin adapter over the store and the pure model. Zoomed out, it is an
 * overview: React Flow shows only the live nodes (selected, dragged, or under the pointer, so they
 * can be picked up, opened and moved) and the overview layer draws the rest and every edge.
 */
export function FlowCanvas({ onNodeOpen }: { onNodeOpen?(nodeId: string): void }) {
  const store = useCanvasStore();
  const catalog = useCatalog();
  const projector = useMemo(() => createProjector(catalog), [catalog]);
  const graphNodes = useCanvas((s) => s.doc.graph.nodes);
  const graphEdges = useCanvas((s) => s.doc.graph.edges);
  const notes = useCanvas((s) => s.doc.notes);
  const selectedEdges = useCanvas((s) => s.selectedEdges);
  // What the nodes show besides the document; a new object only when one of these changes.
  const shown = useCanvas(
    useShallow((s) => ({
      selected: s.selected,
      problems: s.problemsByNode,
      status: s.status,
      marks: s.marks,
      measured: s.measured,
      readOnly: s.readOnly,
      dragging: s.dragging,
      pendingPort: s.pendingPort,
    })),
  );
  const { selected, dragging, measured, readOnly } = shown;
  // A loop is as large as its body, except while something is dragged: a body node dragged toward
  // the edge would otherwise push the edge ahead of it and could never be dragged out.
  const dragOrigin = useCanvas((s) => s.dragOrigin);
  const containers = useMemo(
    () => containerSizes(dragOrigin ?? graphNodes, catalog, measured),
    [dragOrigin, graphNodes, catalog, measured],
  );
  const { screenToFlowPosition } = useReactFlow();
  const fitReadable = useFitReadable();
  const fitWhole = useFitWhole();

  // Far out, node text is unreadable: the canvas becomes an overview, without grid or minimap, and
  // the few nodes React Flow still shows leave their text out (`.is-zoomed-out`).
  const zoomedOut = useStore(isZoomedOut);
  // Until the first fit the zoom is unknown: the canvas starts as an overview, so a large flow is
  // not first drawn node by node at full size.
  const [fitted, setFitted] = useState(false);
  // Crossing the threshold mounts or drops the nodes in view, the grid and the minimap: a render
  // React may spread over frames, so a zoom gesture does not stall on it.
  const overview = useDeferredValue(zoomedOut || !fitted);
  const boxes = useMemo(
    () => (overview ? nodeBoxes(graphNodes, catalog, measured) : undefined),
    [overview, graphNodes, catalog, measured],
  );
  const pointer = useOverviewPointer(boxes);
  const { hovered } = pointer;
  const live = useMemo(
    () =>
      overview ? new Set([...selected, ...dragging, ...(hovered ? [hovered] : [])]) : undefined,
    [overview, selected, dragging, hovered],
  );
  const nodes = useMemo(
    () => projector.nodes(graphNodes, notes, { ...shown, live, containers }),
    [projector, graphNodes, notes, shown, live, containers],
  );
  const edges = useMemo(
    () => projector.edges(graphEdges, selectedEdges),
    [projector, graphEdges, selectedEdges],
  );

  const onInit = useCallback(() => {
    const { doc } = store.getState();
    // React Flow never settles a fit on an empty canvas; and whatever happens, the canvas shows
    // the flow within a second, fitted or not.
    if (doc.graph.nodes.length + doc.notes.length === 0) return setFitted(true);
    const late = setTimeout(() => setFitted(true), 1_000);
    void fitReadable().then(() => {
      clearTimeout(late);
      setFitted(true);
    });
  }, [store, fitReadable]);

  // Stable callbacks that read the store when called, so no render hands React Flow new functions.
  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasRfNode>[]) => store.getState().applyNodeChanges(changes),
    [store],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => store.getState().applyEdgeChanges(changes),
    [store],
  );
  const onNodeDragStart = useCallback(() => store.getState().beginDrag(), [store]);
  const settleDrag = useCallback(
    (dragged: readonly CanvasRfNode[]) => {
      // The loops' sizes as the drag began: what the user saw while dragging.
      const origin = store.getState().dragOrigin;
      store.getState().endDrag();
      const { doc, catalog: cat, measured: sizes, run, setNotice } = store.getState();
      const moves = dropTargets(
        doc.graph.nodes,
        cat,
        containerSizes(origin ?? doc.graph.nodes, cat, sizes),
        sizes,
        new Set(dragged.map((n) => n.id)),
      );
      if (moves.size === 0) return;
      const change = changeMembership(doc, cat, moves);
      if (!change.ok) return setNotice(`Cannot move: ${change.reason}`);
      run(change.command);
      const removed = change.removedEdges;
      setNotice(
        removed > 0
          ? `${change.command.label}; removed ${removed} connection${removed === 1 ? '' : 's'} across the loop's edge`
          : change.command.label,
      );
    },
    [store],
  );
  const onNodeDragStop = useCallback<OnNodeDrag<CanvasRfNode>>(
    (_event, _node, dragged) => settleDrag(dragged),
    [settleDrag],
  );
  const onSelectionDragStop = useCallback(
    (_event: unknown, dragged: CanvasRfNode[]) => settleDrag(dragged),
    [settleDrag],
  );
  const isValidConnection = useCallback<IsValidConnection>(
    (c) => {
      const proposed = fromRfConnection(c);
      if (!proposed) return false;
      const { doc, catalog, setNotice } = store.getState();
      const verdict = checkConnection(doc.graph, catalog, proposed);
      if (!verdict.ok) setNotice(`Cannot connect: ${verdict.reason}`);
      return verdict.ok;
    },
    [store],
  );
  const onConnect = useCallback(
    (c: Connection) => {
      const proposed = fromRfConnection(c);
      const { doc, catalog, run } = store.getState();
      if (proposed && checkConnection(doc.graph, catalog, proposed).ok)
        run(connect({ id: newId('e'), ...proposed }));
    },
    [store],
  );
  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(NODE_TYPE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
    }
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(NODE_TYPE_MIME);
      const { catalog, doc, measured: sizes, run, select } = store.getState();
      const nodeType = type ? catalog.latest(type) : undefined;
      if (!nodeType) return;
      e.preventDefault();
      const position = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const topLeft = { x: position.x - 110, y: position.y - 30 };
      // Dropped on a loop's body, the node is made inside that loop.
      const containers = containerSizes(doc.graph.nodes, catalog, sizes);
      const parent = containerAt(doc.graph.nodes, catalog, containers, position);
      const byId = new Map(doc.graph.nodes.map((n) => [n.id, n]));
      const made = newNode(nodeType, topLeft, doc);
      const node = parent
        ? { ...made, parentId: parent.id, position: relativeTo(parent.id, topLeft, byId) }
        : made;
      // Dropped on an edge: splice the node into it.
      const edgeElement = document
        .elementsFromPoint(e.clientX, e.clientY)
        .find((el) => el.closest('.react-flow__edge'))
        ?.closest('.react-flow__edge');
      const edge = edgeElement
        ? doc.graph.edges.find((x) => x.id === edgeElement.getAttribute('data-id'))
        : undefined;
      run(edge ? insertOnEdge(edge, node, nodeType) : addNode(node));
      select([node.id]);
    },
    [store, screenToFlowPosition],
  );
  const onNodeDoubleClick = useCallback(
    (_: unknown, node: CanvasRfNode) => onNodeOpen?.(node.id),
    [onNodeOpen],
  );

  return (
    <ZoomedOutContext.Provider value={overview}>
      <ReactFlow<CanvasRfNode>
        nodes={nodes}
        edges={overview ? NO_EDGES : edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onSelectionDragStart={onNodeDragStart}
        onSelectionDragStop={onSelectionDragStop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onNodeDoubleClick={onNodeDoubleClick}
        onInit={onInit}
        onPaneMouseMove={pointer.onPaneMouseMove}
        onPaneMouseLeave={pointer.onPaneMouseLeave}
        onPaneClick={pointer.onPaneClick}
        onSelectionStart={pointer.onSelectionStart}
        onSelectionEnd={pointer.onSelectionEnd}
        // Nodes and edges out of view are left undrawn; `dragging` keeps a dragged node drawn.
        onlyRenderVisibleElements
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        minZoom={0.05}
        proOptions={{ hideAttribution: false }}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        className={zoomedOut ? 'is-zoomed-out' : undefined}
      >
        {overview && fitted && boxes && live && <OverviewLayer boxes={boxes} live={live} />}
        {!overview && <Background gap={20} />}
        {/* Zoomed out, the canvas is its own overview. The minimap would repeat it with a store
          listener and a rectangle per node, re-run and repainted on every pan and drag frame. */}
        {!overview && (
          <MiniMap
            pannable
            zoomable
            style={MINIMAP_STYLE}
            nodeColor={minimapColor}
            ariaLabel="Minimap"
          />
        )}
        {/* React Flow's own fit button waits for every node to be measured (see `useFitWhole`). */}
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton
            className="react-flow__controls-fitview"
            onClick={() => void fitWhole(300)}
            title="Fit View"
            aria-label="Fit View"
          >
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path
                d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.5"
              />
            </svg>
          </ControlButton>
        </Controls>
      </ReactFlow>
    </ZoomedOutContext.Provider>
  );
}
