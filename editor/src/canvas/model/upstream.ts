import type { FlowGraph, NodeInstance } from '@bizosaas/shared';

/**
 * The nodes whose output a node can read in its expressions: everything with a path to it. Nodes
 * inside a loop body are left out for nodes after the loop, as the validator does.
 */
export function upstreamNodes(graph: FlowGraph, nodeId: string): NodeInstance[] {
  const incoming = new Map<string, string[]>();
  for (const e of graph.edges)
    incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const target = byId.get(nodeId);
  const seen = new Set<string>();
  const stack = [...(incoming.get(nodeId) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(incoming.get(id) ?? []));
  }
  return graph.nodes.filter(
    (n) => seen.has(n.id) && (n.parentId === undefined || n.parentId === target?.parentId),
  );
}
