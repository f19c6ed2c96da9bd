import { useCallback } from 'react';
import { getViewportForBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { useCanvasStore } from '../store';
import { READABLE_ZOOM } from './zoom-level';

const FIT_PADDING = 0.2;
const FIT_MAX_ZOOM = 1.2;
/** Beyond this many nodes a flow opens as its overview; below it, at a zoom it can be read at. */
const READABLE_OPEN_LIMIT = 100;
const MARGIN = 40;

/**
 * Fits every node into view, at once. React Flow's own `fitView` waits until each node that is not
 * hidden has been measured, and a node out of view never is (only nodes in view are rendered): on
 * a flow opened at a readable zoom with part of it off screen, "Fit view" did nothing, then fitted
 * unasked once the user had panned over every node. A node not measured yet counts at the size it
 * is expected to have. Zoomed out, the overview draws most nodes (hidden from React Flow): they
 * count too.
 */
export function useFitWhole() {
  const flow = useStoreApi();
  const { getNodesBounds, setViewport } = useReactFlow();
  return useCallback(
    async (duration = 0, minZoom?: number) => {
      // Right after mounting, the pane may not have its size yet.
      for (let frame = 0; flow.getState().width === 0 && frame < 30; frame++)
        await new Promise(requestAnimationFrame);
      const { nodes, width, height, minZoom: least } = flow.getState();
      if (nodes.length === 0 || width === 0 || height === 0) return false;
      const bounds = getNodesBounds(nodes.map((n) => n.id));
      const viewport = getViewportForBounds(
        bounds,
        width,
        height,
        minZoom ?? least,
        FIT_MAX_ZOOM,
        FIT_PADDING,
      );
      return setViewport(viewport, { duration });
    },
    [flow, getNodesBounds, setViewport],
  );
}

/**
 * Shows a flow to be read: fitted, but never so far out that its nodes become the overview's
 * blank boxes. A flow too wide for that is shown from its leftmost node (its trigger, where it
 * starts), that node at the left and level with the middle, so it is in view however tall the
 * flow is. Used after auto-layout and when a small flow opens; a large flow still opens as its
 * overview, fitted whole.
 */
export function useFitReadable() {
  const store = useCanvasStore();
  const flow = useStoreApi();
  const fitWhole = useFitWhole();
  const { getNodesBounds, getViewport, setCenter } = useReactFlow();
  return useCallback(
    async (duration = 0) => {
      const nodes = store.getState().doc.graph.nodes;
      if (nodes.length > READABLE_OPEN_LIMIT) return fitWhole(duration);
      await fitWhole(duration, READABLE_ZOOM);
      const { width } = flow.getState();
      const top = nodes.filter((n) => n.parentId === undefined);
      if (top.length === 0 || width === 0) return true;
      const { zoom } = getViewport();
      if (getNodesBounds(top.map((n) => n.id)).width * zoom <= width - 2 * MARGIN) return true;
      // Too wide: start where the flow starts, its leftmost node (the trigger), in view.
      const first = top.reduce((a, b) => (b.position.x < a.position.x ? b : a));
      const box = getNodesBounds([first.id]);
      return setCenter(box.x - MARGIN / zoom + width / (2 * zoom), box.y + box.height / 2, {
        zoom,
        duration,
      });
    },
    [store, flow, fitWhole, getNodesBounds, getViewport, setCenter],
  );
}
