import { createContext } from 'react';

/**
 * What a node's "+" on an output does: the workspace opens the node-type picker and adds the
 * chosen node connected to that output. Absent (read-only canvases), nodes show no "+".
 */
export const AddAfterContext = createContext<((nodeId: string, port: string) => void) | undefined>(
  undefined,
);
