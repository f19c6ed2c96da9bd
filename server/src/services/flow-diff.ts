// What changed between two flow graphs, by stable node and edge ids: the version history view
// shows this as "added / removed / changed", each change with its old and new value.
import { canonicalJson, type FlowGraph, type JsonValue } from '@bizosaas/shared';

/** One value that differs, at its path in the node (`['params', 'discount']`); null for none. */
export interface ValueChange {
  path: string[];
  before: JsonValue | null;
  after: JsonValue | null;
}

export interface FlowDiff {
  nodes: {
    added: { id: string; name: string; type: string }[];
    removed: { id: string; name: string; type: string }[];
    changed: { id: string; name: string; type: string; fields: string[]; changes: ValueChange[] }[];
  };
  edges: {
    added: { id: string; source: string; target: string }[];
    removed: { id: string; source: string; target: string }[];
    changed: { id: string; fields: string[] }[];
  };
  settingsChanged: string[];
  identical: boolean;
}

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter((k) => canonicalJson(a[k] ?? null) !== canonicalJson(b[k] ?? null))
    .sort();
}

const isPlainObject = (v: unknown): v is Record<string, JsonValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Enough to read on a compare page; a node rewritten wholesale says so without a wall of rows.
const MAX_CHANGES_PER_NODE = 50;

/**
 * The leaves that differ between two values: objects are walked key by key, anything else
 * (lists included) is compared whole, so a reordered list is one change, not one per item.
 */
function valueChanges(before: unknown, after: unknown, path: string[] = []): ValueChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => valueChanges(before[k], after[k], [...path, k]));
  }
  if (canonicalJson((before ?? null) as JsonValue) === canonicalJson((after ?? null) as JsonValue))
    return [];
  return [{ path, before: (before ?? null) as JsonValue, after: (after ?? null) as JsonValue }];
}

export function diffGraphs(from: FlowGraph, to: FlowGraph): FlowDiff {
  const fromNodes = new Map(from.nodes.map((n) => [n.id, n]));
  const toNodes = new Map(to.nodes.map((n) => [n.id, n]));
  const fromEdges = new Map(from.edges.map((e) => [e.id, e]));
  const toEdges = new Map(to.edges.map((e) => [e.id, e]));
  const node = (n: FlowGraph['nodes'][number]) => ({ id: n.id, name: n.name, type: n.type });
  const edge = (e: FlowGraph['edges'][number]) => ({
    id: e.id,
    source: e.source,
    target: e.target,
  });
  const diff: FlowDiff = {
    nodes: {
      added: to.nodes.filter((n) => !fromNodes.has(n.id)).map(node),
      removed: from.nodes.filter((n) => !toNodes.has(n.id)).map(node),
      changed: to.nodes.flatMap((n) => {
        const before = fromNodes.get(n.id);
        if (!before) return [];
        const fields = changedFields(before, n);
        if (!fields.length) return [];
        const changes = valueChanges(before, n).slice(0, MAX_CHANGES_PER_NODE);
        return [{ id: n.id, name: n.name, type: n.type, fields, changes }];
      }),
    },
    edges: {
      added: to.edges.filter((e) => !fromEdges.has(e.id)).map(edge),
      removed: from.edges.filter((e) => !toEdges.has(e.id)).map(edge),
      changed: to.edges.flatMap((e) => {
        const before = fromEdges.get(e.id);
        const fields = before ? changedFields(before, e) : [];
        return fields.length ? [{ id: e.id, fields }] : [];
      }),
    },
    settingsChanged: changedFields(from.settings, to.settings),
    identical: false,
  };
  diff.identical =
    !diff.nodes.added.length &&
    !diff.nodes.removed.length &&
    !diff.nodes.changed.length &&
    !diff.edges.added.length &&
    !diff.edges.removed.length &&
    !diff.edges.changed.length &&
    !diff.settingsChanged.length;
  return diff;
}
