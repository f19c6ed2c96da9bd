import { useCallback, useDeferredValue, useMemo, type DragEvent } from 'react';
import {
  Background,
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
} from '@xyflow/react';
import { checkConnection } from './model/connection-rules';
import { connect, insertOnEdge, newNode, addNode } from './model/edits';
import { newId } from './model/names';
import { createProjector, fromRfConnection, type CanvasRfNode } from './model/react-flow-adapter';
import { useCanvas, useCanvasStore } from './store';
import { FlowNodeView } from './ui/flow-node';
import { NoteNodeView } from './ui/note-node';
import { NODE_TYPE_MIME } from './ui/palette';
import { isZoomedOut, ZoomedOutContext } from './ui/zoom-level';

// Declared once at module level: a new object per render would remount every node.
const NODE_TYPES: NodeTypes = { flow: FlowNodeView, note: NoteNodeView };
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1.2 };
const DEFAULT_EDGE_OPTIONS = { interactionWidth: 24 };
const MINIMAP_STYLE = { width: 160, height: 110 };
const minimapColor = (node: CanvasRfNode) => (node.type === 'note' ? '#fde68a' : '#94a3b8');

/** The React Flow surface: a thin adapter over the store and the pure model. */
export function FlowCanvas({ onNodeOpen }: { onNodeOpen?(nodeId: string): void }) {
  const store = useCanvasStore();
  const projector = useMemo(() => createProjector(), []);
  const graphNodes = useCanvas((s) => s.doc.graph.nodes);
  const graphEdges = useCanvas((s) => s.doc.graph.edges);
  const notes = useCanvas((s) => s.doc.notes);
  const selected = useCanvas((s) => s.selected);
  const selectedEdges = useCanvas((s) => s.selectedEdges);
  const problems = useCanvas((s) => s.problemsByNode);
  const status = useCanvas((s) => s.status);
  const marks = useCanvas((s) => s.marks);
  const measured = useCanvas((s) => s.measured);
  const readOnly = useCanvas((s) => s.readOnly);
  const nodes = useMemo(
    () =>
      projector.nodes(graphNodes, notes, {
        selected,
        problems,
        status,
        marks,
        measured,
        readOnly,
      }),
    [projector, graphNodes, notes, selected, problems, status, marks, measured, readOnly],
  );
  const edges = useMemo(
    () => projector.edges(graphEdges, selectedEdges),
    [projector, graphEdges, selectedEdges],
  );
  const { screenToFlowPosition } = useReactFlow();
  // Far out, node text is unreadable anyway; hiding it spares the browser painting 1,000 labels per
  // frame. So is the grid: at a tenth of full size its dots are 2 px apart, a grey haze that took a
  // third of the raster work of every pan frame.
  const zoomedOut = useStore(isZoomedOut);
  // Crossing the threshold mounts or drops the grid, the minimap and every node's handles: a
  // render React may spread over frames, so a zoom gesture does not stall on it.
  const detailsHidden = useDeferredValue(zoomedOut);

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
  const onNodeDragStop = useCallback(() => store.getState().endDrag(), [store]);
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
      const { catalog, doc, run, select } = store.getState();
      const nodeType = type ? catalog.latest(type) : undefined;
      if (!nodeType) return;
      e.preventDefault();
      const position = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const node = newNode(nodeType, { x: position.x - 110, y: position.y - 30 }, doc);
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
    <ZoomedOutContext.Provider value={detailsHidden}>
      <ReactFlow<CanvasRfNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onSelectionDragStart={onNodeDragStart}
        onSelectionDragStop={onNodeDragStop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onNodeDoubleClick={onNodeDoubleClick}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.05}
        proOptions={{ hideAttribution: false }}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        className={zoomedOut ? 'is-zoomed-out' : undefined}
      >
        {!detailsHidden && <Background gap={20} />}
        {/* Zoomed out, the canvas is its own overview. The minimap would repeat it with a store
          listener and a rectangle per node, re-run and repainted on every pan and drag frame. */}
        {!detailsHidden && (
          <MiniMap
            pannable
            zoomable
            style={MINIMAP_STYLE}
            nodeColor={minimapColor}
            ariaLabel="Minimap"
          />
        )}
        <Controls showInteractive={false} />
      </ReactFlow>
    </ZoomedOutContext.Provider>
  );
}
