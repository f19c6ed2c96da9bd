import type { NodeType } from '@bizosaas/shared';

/**
 * How well a node type answers a palette search, lower is better: its title before its id,
 * category or description, so "set" puts Set above every type that merely mentions setting
 * something. Undefined when nothing matches.
 */
function rank(t: NodeType, q: string): number | undefined {
  const title = t.title.toLowerCase();
  if (title === q) return 0;
  if (title.startsWith(q)) return 1;
  if (title.split(/[^a-z0-9]+/).some((word) => word.startsWith(q))) return 2;
  if (title.includes(q)) return 3;
  if (t.type.toLowerCase().includes(q)) return 4;
  if (t.category.toLowerCase().includes(q)) return 5;
  if (t.description.toLowerCase().includes(q)) return 6;
  return undefined;
}

/**
 * The palette's groups for a query: categories alphabetically with no query; with one, the best
 * matches first, both across categories (by each category's best match) and within one.
 */
export function paletteGroups(types: readonly NodeType[], query: string): [string, NodeType[]][] {
  const q = query.trim().toLowerCase();
  const ranked = types.flatMap((t) => {
    const r = q === '' ? 0 : rank(t, q);
    return r === undefined ? [] : [{ t, r }];
  });
  ranked.sort((a, b) => a.r - b.r);
  const byCategory = new Map<string, { best: number; types: NodeType[] }>();
  for (const { t, r } of ranked) {
    const group = byCategory.get(t.category) ?? { best: r, types: [] };
    group.types.push(t);
    byCategory.set(t.category, group);
  }
  return [...byCategory.entries()]
    .sort(([a, x], [b, y]) => x.best - y.best || a.localeCompare(b))
    .map(([category, group]) => [category, group.types]);
}
