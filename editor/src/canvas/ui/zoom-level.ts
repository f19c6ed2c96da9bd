import { createContext } from 'react';

/** Below this zoom node text is unreadable: the canvas shows the flow's shape, not its details. */
export const OVERVIEW_ZOOM = 0.45;
export const isZoomedOut = (s: { transform: [number, number, number] }) =>
  s.transform[2] < OVERVIEW_ZOOM;

/**
 * Whether the canvas is zoomed out, for its nodes. A context rather than a React Flow store
 * selector per node: a thousand selectors would all run on every frame of a pan or drag.
 */
export const ZoomedOutContext = createContext(false);

/**
 * The least zoom the canvas picks by itself to show a flow (after auto-layout): comfortably above
 * the overview threshold, so names and ports stay legible.
 */
export const READABLE_ZOOM = 0.6;
