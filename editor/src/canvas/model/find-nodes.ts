import type { NodeCatalog, NodeInstance } from '@bizosaas/shared';

export interface FoundNode {
  id: string;
  name: string;
  /** The node type's title, to tell apart nodes of the same name. */
  type: string;
}

/**
 * The nodes whose name or type title contains every word of the query, case aside: names that
 * start with the query first, then in the flow's order. At most `limit` of them.
 */
export function findNodes(
  nodes: readonly NodeInstance[],
  catalog: NodeCatalog,
  query: string,
  limit = 50,
): FoundNode[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const found = nodes.map((node) => ({
    id: node.id,
    name: node.name,
    type: catalog.get(node.type, node.typeVersion)?.title ?? node.type,
  }));
  const matching = found.filter((n) => {
    const text = `${n.name} ${n.type}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const start = query.trim().toLowerCase();
  const leading = (n: FoundNode) => (start && n.name.toLowerCase().startsWith(start) ? 0 : 1);
  return matching
    .map((n, i) => ({ n, i }))
    .sort((a, b) => leading(a.n) - leading(b.n) || a.i - b.i)
    .slice(0, limit)
    .map(({ n }) => n);
}
