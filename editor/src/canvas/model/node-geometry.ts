import { ERROR_OUTPUT, type NodeCatalog, type NodeInstance } from '@bizosaas/shared';

/** A flow node's width on the canvas; `.flow-node` in styles.css says the same. */
export const NODE_WIDTH = 220;

export interface Size {
  width: number;
  height: number;
}

/** A node's ports as the canvas draws them: inputs on the left, outputs (and the error route) on the right. */
export function nodePorts(
  node: NodeInstance,
  catalog: NodeCatalog,
): { inputs: string[]; outputs: string[] } {
  const type = catalog.get(node.type, node.typeVersion);
  return {
    inputs: type?.inputs.map((p) => p.name) ?? [],
    outputs: [
      ...(type?.outputs.map((o) => o.name) ?? []),
      ...(node.onError === 'route' ? [ERROR_OUTPUT] : []),
    ],
  };
}

/** Tall enough to space its outputs apart; a node is never shorter. */
export const nodeMinHeight = (outputCount: number) => Math.max(56, outputCount * 22 + 12);

/** Where a port sits along the node's side, as a fraction of its height. */
export const portFraction = (index: number, count: number) => (index + 1) / (count + 1);

/**
 * A node's size: React Flow's measurement once it has one, else the size the node will have,
 * which is exact unless a long type title wraps.
 */
export function nodeSize(
  node: NodeInstance,
  catalog: NodeCatalog,
  measured: ReadonlyMap<string, Size>,
): Size {
  return (
    measured.get(node.id) ?? {
      width: NODE_WIDTH,
      height: nodeMinHeight(nodePorts(node, catalog).outputs.length),
    }
  );
}
