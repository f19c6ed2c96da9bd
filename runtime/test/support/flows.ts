import type { Edge, FlowGraph, JsonValue, NodeInstance } from '@bizosaas/shared';

/** A node named after its id, with empty params unless given. */
export function node(id: string, type: string, extra: Partial<NodeInstance> = {}): NodeInstance {
  return {
    id,
    type,
    typeVersion: 1,
    name: id,
    position: { x: 0, y: 0 },
    params: {},
    onError: 'fail',
    ...extra,
  };
}

export function edge(
  source: string,
  target: string,
  sourceOutput = 'main',
  targetInput = 'main',
): Edge {
  return {
    id: `${source}.${sourceOutput}->${target}.${targetInput}`,
    source,
    sourceOutput,
    target,
    targetInput,
  };
}

export function graph(
  nodes: NodeInstance[],
  edges: Edge[],
  variables: Record<string, JsonValue> = {},
): FlowGraph {
  return { schemaVersion: 2, nodes, edges, settings: { variables } };
}

/** A chain: trigger → each node in turn. */
export function chain(nodes: NodeInstance[]): FlowGraph {
  const all = [node('start', 'core.manual_trigger'), ...nodes];
  return graph(
    all,
    all.slice(1).map((n, i) => edge((all[i] as NodeInstance).id, n.id)),
  );
}
