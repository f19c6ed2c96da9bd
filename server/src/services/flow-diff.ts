// What changed between two flow graphs, by stable node and edge ids: the version history view
// shows this as "added / removed / changed (which fields)".
import { canonicalJson, type FlowGraph } from '@bizosaas/shared';

export interface FlowDiff {
  nodes: {
    added: { id: string; name: string; type: string }[];
    removed: { id: string; name: string; type: string }[];
    changed: { id: string; name: string; fields: string[] }[];
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
        const fields = before ? changedFields(before, n) : [];
        return fields.length ? [{ id: n.id, name: n.name, fields }] : [];
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
