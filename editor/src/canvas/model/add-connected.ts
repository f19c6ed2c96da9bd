import type { NodeCatalog, NodeInstance, NodeType } from '@bizosaas/shared';
import { checkConnection } from './connection-rules';
import { containerSizes } from './containers';
import type { EditorDoc } from './document';
import { newNode } from './edits';
import type { Command } from './history';
import { newId } from './names';
import { BODY_ORIGIN, nodePorts, nodeSize, type Size } from './node-geometry';
import type { Operation } from './operations';

/** Room between a node and the one added after it. */
const GAP = 80;
const ROW = 100;

/** The output a node's next step hangs from: `main`, or its first output (If's `true`, a loop's body). */
export function mainOutput(node: NodeInstance, catalog: NodeCatalog): string | undefined {
  const { outputs } = nodePorts(node, catalog);
  return outputs.includes('main') ? 'main' : outputs[0];
}

/**
 * Adds a node after `from`'s output, connected to it: to its right (lower for a later port), in the
 * same loop, or inside the loop when the output is the loop's body. The edge is made only if the
 * connection rules allow it (a node type with no input, a trigger, is added unconnected).
 */
export function addConnected(
  doc: EditorDoc,
  catalog: NodeCatalog,
  nodeType: NodeType,
  from: { nodeId: string; port: string },
  measured: ReadonlyMap<string, Size>,
): { command: Command; node: NodeInstance; connected: boolean } {
  const source = doc.graph.nodes.find((n) => n.id === from.nodeId);
  if (!source) {
    const node = newNode(nodeType, { x: 0, y: 0 }, doc);
    return {
      command: { label: `Add ${node.name}`, ops: [{ kind: 'addNode', node }] },
      node,
      connected: false,
    };
  }
  const intoBody =
    catalog.get(source.type, source.typeVersion)?.container?.bodyOutput === from.port;
  const parentId = intoBody ? source.id : source.parentId;
  const siblings = doc.graph.nodes.filter((n) => n.parentId === parentId);
  const containers = containerSizes(doc.graph.nodes, catalog, measured);
  const sizeOf = (n: NodeInstance) => containers.get(n.id) ?? nodeSize(n, catalog, measured);
  const { outputs } = nodePorts(source, catalog);
  const size = sizeOf(source);
  const wanted = intoBody
    ? BODY_ORIGIN
    : {
        x: source.position.x + size.width + GAP,
        y: source.position.y + Math.max(0, outputs.indexOf(from.port)) * ROW,
      };
  const position = freeSpot(wanted, siblings, sizeOf);
  const made = newNode(nodeType, position, doc);
  const node: NodeInstance = parentId === undefined ? made : { ...made, parentId };
  const ops: Operation[] = [{ kind: 'addNode', node }];
  const input = nodeType.inputs[0]?.name;
  const withNode = { ...doc.graph, nodes: [...doc.graph.nodes, node] };
  const proposed = {
    source: source.id,
    sourceOutput: from.port,
    target: node.id,
    targetInput: input ?? '',
  };
  const connected = input !== undefined && checkConnection(withNode, catalog, proposed).ok;
  if (connected) ops.push({ kind: 'addEdge', edge: { id: newId('e'), ...proposed } });
  return { command: { label: `Add ${node.name}`, ops }, node, connected };
}

/** The first spot at or below `wanted` where a new node overlaps none of its siblings. */
function freeSpot(
  wanted: { x: number; y: number },
  siblings: readonly NodeInstance[],
  sizeOf: (node: NodeInstance) => Size,
): { x: number; y: number } {
  const overlaps = (y: number) =>
    siblings.some((n) => {
      const s = sizeOf(n);
      return (
        wanted.x < n.position.x + s.width &&
        n.position.x < wanted.x + 220 &&
        y < n.position.y + s.height &&
        n.position.y < y + 60
      );
    });
  let y = wanted.y;
  for (let i = 0; i < siblings.length && overlaps(y); i++) y += ROW;
  return { x: Math.round(wanted.x), y: Math.round(y) };
}
