import { useCallback, useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import { useReactFlow, useStoreApi, type SelectionRect } from '@xyflow/react';
import { nodeAt, nodesWithin, type Box } from '../model/overview';
import type { CanvasRfNode } from '../model/react-flow-adapter';
import { useCanvasStore } from '../store';

/**
 * What the pointer does on the zoomed-out overview, where most nodes are drawn rather than shown
 * by React Flow: the node under it comes alive (so it can be clicked, opened or dragged like any
 * other), a tap on one selects it, and a selection box also selects the drawn nodes, which React
 * Flow's own box cannot see.
 * `boxes` is undefined when the canvas is not zoomed out; the handlers then do nothing.
 */
export function useOverviewPointer(boxes: ReadonlyMap<string, Box> | undefined) {
  const store = useCanvasStore();
  const reactFlowStore = useStoreApi<CanvasRfNode>();
  const { screenToFlowPosition } = useReactFlow();
  const [hovered, setHovered] = useState<string>();
  // The handlers read the boxes when called, so they stay the same functions while a drag moves them.
  const boxesNow = useRef(boxes);
  useLayoutEffect(() => {
    boxesNow.current = boxes;
  }, [boxes]);

  const onPaneMouseMove = useCallback(
    (e: MouseEvent) => {
      const current = boxesNow.current;
      if (!current) return;
      const point = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      setHovered(nodeAt(current, point.x, point.y));
    },
    [screenToFlowPosition],
  );
  const onPaneMouseLeave = useCallback(() => setHovered(undefined), []);
  // A tap has no hover before it: a click on a drawn node selects it (and so brings it to life).
  const onPaneClick = useCallback(
    (e: MouseEvent) => {
      const current = boxesNow.current;
      if (!current) return;
      const point = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const id = nodeAt(current, point.x, point.y);
      if (id) store.getState().select([id]);
    },
    [store, screenToFlowPosition],
  );

  // React Flow clears its selection rectangle before it reports the end: follow it while it is drawn.
  const selectionBox = useRef<{ last: SelectionRect | null; stop(): void }>(undefined);
  const onSelectionStart = useCallback(() => {
    selectionBox.current?.stop();
    const box = {
      last: null as SelectionRect | null,
      stop: reactFlowStore.subscribe((s) => {
        if (s.userSelectionRect) box.last = s.userSelectionRect;
      }),
    };
    selectionBox.current = box;
  }, [reactFlowStore]);
  const onSelectionEnd = useCallback(() => {
    const box = selectionBox.current;
    box?.stop();
    selectionBox.current = undefined;
    const current = boxesNow.current;
    if (!box?.last || !current) return;
    const [x, y, zoom] = reactFlowStore.getState().transform;
    const inside = nodesWithin(current, {
      x: (box.last.x - x) / zoom,
      y: (box.last.y - y) / zoom,
      width: box.last.width / zoom,
      height: box.last.height / zoom,
    });
    const { selected, select } = store.getState();
    if (inside.some((id) => !selected.has(id))) select([...selected, ...inside]);
  }, [store, reactFlowStore]);

  return {
    hovered: boxes ? hovered : undefined,
    onPaneMouseMove,
    onPaneMouseLeave,
    onPaneClick,
    onSelectionStart,
    onSelectionEnd,
  };
}
