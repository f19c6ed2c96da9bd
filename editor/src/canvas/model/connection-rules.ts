import {
  ERROR_OUTPUT,
  validate,
  type Edge,
  type FlowGraph,
  type NodeCatalog,
  type Problem,
} from '@bizosaas/shared';

/** A connection the user is drawing: React Flow's handles are our port names. */
export interface ProposedConnection {
  source: string;
  sourceOutput: string;
  target: string;
  targetInput: string;
}

export type ConnectionVerdict = { ok: true } | { ok: false; reason: string };

// What the shared validator says about a graph with one more edge that makes that edge wrong.
const EDGE_ERRORS = new Set<Problem['code']>([
  'CYCLE',
  'UNKNOWN_PORT',
  'INPUT_ALREADY_CONNECTED',
  'DUPLICATE_EDGE',
  'EDGE_CROSSES_LOOP',
]);

/**
 * Whether a connection may be made, checked while the user drags. Cheap local checks run first so
 * hovering stays fast; the final word is the shared validator's (the one the server runs), asked
 * about the graph with the edge added, so the canvas never accepts an edge the server would refuse.
 */
export function checkConnection(
  graph: FlowGraph,
  catalog: NodeCatalog,
  c: ProposedConnection,
): ConnectionVerdict {
  if (c.source === c.target) return { ok: false, reason: 'a node cannot connect to itself' };
  const source = graph.nodes.find((n) => n.id === c.source);
  const target = graph.nodes.find((n) => n.id === c.target);
  if (!source || !target) return { ok: false, reason: 'unknown node' };
  const sourceType = catalog.get(source.type, source.typeVersion);
  const targetType = catalog.get(target.type, target.typeVersion);
  if (!sourceType || !targetType) return { ok: false, reason: 'unknown node type' };
  const outputs = sourceType.outputs.map((p) => p.name);
  if (source.onError === 'route') outputs.push(ERROR_OUTPUT);
  if (!outputs.includes(c.sourceOutput))
    return { ok: false, reason: `"${source.name}" has no output "${c.sourceOutput}"` };
  const input = targetType.inputs.find((p) => p.name === c.targetInput);
  if (!input) return { ok: false, reason: `"${target.name}" has no input "${c.targetInput}"` };
  const incoming = graph.edges.filter(
    (e) => e.target === c.target && e.targetInput === c.targetInput,
  );
  if (incoming.some((e) => e.source === c.source && e.sourceOutput === c.sourceOutput))
    return { ok: false, reason: 'already connected' };
  if (!input.multiple && incoming.length > 0)
    return {
      ok: false,
      reason: `input "${input.name}" of "${target.name}" takes one edge; use a merge`,
    };
  if (reaches(graph, c.target, c.source))
    return { ok: false, reason: 'this edge would form a cycle; use a loop container to repeat' };

  const edge: Edge = { id: '__proposed__', ...c };
  const problems = validate({ ...graph, edges: [...graph.edges, edge] }, catalog);
  const wrong = problems.find(
    (p) =>
      p.severity === 'error' &&
      EDGE_ERRORS.has(p.code) &&
      (p.edgeId === edge.id || p.code === 'CYCLE'),
  );
  return wrong ? { ok: false, reason: wrong.message } : { ok: true };
}

function reaches(graph: FlowGraph, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of graph.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}
