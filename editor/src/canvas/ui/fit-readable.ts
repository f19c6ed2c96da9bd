import { useCallback } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCanvasStore } from '../store';
import { READABLE_ZOOM } from './zoom-level';

// Zoomed out, most nodes are hidden from React Flow (the overview draws them): fit them all.
export const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1.2, includeHiddenNodes: true };
/** Beyond this many nodes a flow opens as its overview; below it, at a zoom it can be read at. */
const READABLE_OPEN_LIMIT = 100;
const MARGIN = 40;

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
  const { fitView, getNodesBounds, getViewport, setCenter } = useReactFlow();
  return useCallback(
    async (duration = 0) => {
      const nodes = store.getState().doc.graph.nodes;
      if (nodes.length > READABLE_OPEN_LIMIT) return fitView({ ...FIT_VIEW_OPTIONS, duration });
      await fitView({ ...FIT_VIEW_OPTIONS, minZoom: READABLE_ZOOM, duration });
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
    [store, flow, fitView, getNodesBounds, getViewport, setCenter],
  );
}
