import { analyze, type AnalyzedNode, type Analysis, type ParamExpression } from './analyze.js';
import type { NodeCatalog } from './catalog.js';
import { FlowValidationError } from './errors.js';
import type { FlowSettings, JsonObject, NodeInstance, OnError, RetryPolicy } from './flow-graph.js';
import { contentHash, sortKeys } from './hash.js';
import { ERROR_OUTPUT, type JoinMode, type NodeKind } from './node-type.js';

/** The `definitionVersion` this compiler writes; the interpreter refuses versions it does not know. */
export const DEFINITION_VERSION = 1 as const;

/** An input a successor receives on: the node and which of its input ports. */
export interface Successor {
  node: string;
  input: string;
}

/**
 * One node as the interpreter runs it. Functions are never serialized: `type@typeVersion` names the
 * node type, which the runtime looks up in its own catalog.
 */
export interface DefinitionNode {
  id: string;
  /** What expressions call it (`$node.<name>.output`) and what the run view shows. */
  name: string;
  type: string;
  typeVersion: number;
  kind: NodeKind;
  /** Params exactly as drawn (keys sorted); templated strings are resolved with `resolveParams`. */
  params: JsonObject;
  /** Every templated param, pre-parsed, in document order. */
  expressions: ParamExpression[];
  connectionId?: string;
  retry?: RetryPolicy;
  timeoutMs?: number;
  onError: OnError;
  disabled?: true;
  /**
   * How many signals (one per incoming edge, plus the scope start for an entry node) must be
   * settled — live or skipped — before the node is decided. See `startScope` / `completeNode`.
   */
  waitFor: number;
  /** Present on join nodes (a `multiple` input): `all` waits for every live branch, `first` runs on the first. */
  join?: { mode: JoinMode };
  /**
   * Successors per output port, every declared port listed (empty when unconnected), plus
   * `error` when `onError` is `route`. Ports that do not fire propagate a skip to their successors.
   * A loop's body port is not here: its targets are the body's `entries`.
   */
  successors: Record<string, Successor[]>;
  /** Loop containers: the body, run once per item as its own scope with its own join state. */
  body?: LoopBody;
}

/** The body of a loop container: a scope, started once per item by the container's `output` port. */
export interface LoopBody extends DefinitionScope {
  output: string;
}

/** A set of nodes run together: the whole flow, or one iteration of a loop body. */
export interface DefinitionScope {
  /** Nodes that receive one live signal when the scope starts: the trigger, or a loop's body targets. */
  entries: string[];
  /** The scope's nodes in topological order (ties broken by id). */
  nodes: DefinitionNode[];
}

/**
 * The compiled, serializable form of a flow: what `runFlow(definition, …)` executes. Plain JSON,
 * deterministic (the same graph gives byte-identical JSON, whatever the order of its nodes and
 * edges), and immutable once published: a run keeps the definition it started with.
 *
 * @example
 * ```json
 * {
 *   "definitionVersion": 1,
 *   "hash": "5f1c…",
 *   "trigger": "t1",
 *   "settings": { "variables": {} },
 *   "nodeTypes": ["core.if@1", "core.manual_trigger@1", "core.set@1"],
 *   "entries": ["t1"],
 *   "nodes": [
 *     { "id": "t1", "name": "Start", "type": "core.manual_trigger", "typeVersion": 1, "kind": "trigger",
 *       "params": {}, "expressions": [], "onError": "fail", "waitFor": 1,
 *       "successors": { "main": [{ "node": "if1", "input": "main" }] } },
 *     { "id": "if1", "name": "Hot?", "type": "core.if", "typeVersion": 1, "kind": "control",
 *       "params": { "condition": "{{ $trigger.score > 50 }}" },
 *       "expressions": [{ "param": "condition", "path": ["condition"],
 *         "template": { "kind": "expression", "source": " $trigger.score > 50 ", "offset": 2 } }],
 *       "onError": "fail", "waitFor": 1,
 *       "successors": { "true": [{ "node": "s1", "input": "main" }], "false": [] } }
 *   ]
 * }
 * ```
 */
export interface FlowDefinition extends DefinitionScope {
  definitionVersion: typeof DEFINITION_VERSION;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  hash: string;
  /** Id of the trigger node. */
  trigger: string;
  settings: FlowSettings;
  /** Every `type@version` used, sorted: what the worker's catalog must hold to run this flow. */
  nodeTypes: string[];
}

/**
 * Compiles a graph into the definition the runtime executes.
 *
 * @throws FlowValidationError carrying every problem when `validate` finds any error (warnings pass).
 */
export function compile(graph: unknown, catalog: NodeCatalog): FlowDefinition {
  const analysis = analyze(graph, catalog);
  if (analysis.problems.some((p) => p.severity === 'error')) throw new FlowValidationError(analysis.problems);
  const trigger = analysis.triggers[0] as string;

  const rank = new Map<string, number>();
  analysis.order.forEach((id, i) => rank.set(id, i));
  const byRank = (a: Successor, b: Successor) =>
    (rank.get(a.node) as number) - (rank.get(b.node) as number) || (a.input < b.input ? -1 : a.input > b.input ? 1 : 0);

  const successors = new Map<string, Record<string, Successor[]>>();
  const incoming = new Map<string, number>();
  const entriesOf = new Map<string, string[]>();
  for (const entry of analysis.nodes.values()) successors.set(entry.node.id, emptyPorts(entry));
  for (const edge of analysis.edges) {
    incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
    const source = analysis.nodes.get(edge.source) as AnalyzedNode;
    if (source.nodeType?.container?.bodyOutput === edge.sourceOutput) {
      entriesOf.set(edge.source, [...(entriesOf.get(edge.source) ?? []), edge.target]);
    } else {
      (successors.get(edge.source) as Record<string, Successor[]>)[edge.sourceOutput]?.push({ node: edge.target, input: edge.targetInput });
    }
  }
  for (const ports of successors.values()) for (const list of Object.values(ports)) list.sort(byRank);

  const scopes = new Map<string | undefined, DefinitionNode[]>();
  for (const id of analysis.order) {
    const entry = analysis.nodes.get(id) as AnalyzedNode;
    const node = toDefinitionNode(entry, successors.get(id) as Record<string, Successor[]>, incoming.get(id) ?? 0, id === trigger);
    scopes.set(entry.scope, [...(scopes.get(entry.scope) ?? []), node]);
  }
  // Dependency order puts every container before its body, so bodies can be attached afterwards.
  for (const nodes of scopes.values()) {
    for (const node of nodes) {
      const container = (analysis.nodes.get(node.id) as AnalyzedNode).nodeType?.container;
      if (!container) continue;
      const entries = [...new Set(entriesOf.get(node.id) ?? [])].sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number));
      node.body = { output: container.bodyOutput, entries, nodes: scopes.get(node.id) ?? [] };
    }
  }

  const content = {
    definitionVersion: DEFINITION_VERSION,
    trigger,
    settings: sortKeys(analysis.settings),
    nodeTypes: nodeTypesUsed(analysis),
    entries: [trigger],
    nodes: scopes.get(undefined) ?? [],
  };
  const { definitionVersion, ...rest } = content;
  return { definitionVersion, hash: contentHash(content), ...rest };
}

function emptyPorts({ node, nodeType }: AnalyzedNode): Record<string, Successor[]> {
  const ports: Record<string, Successor[]> = {};
  for (const port of nodeType?.outputs ?? []) if (port.name !== nodeType?.container?.bodyOutput) ports[port.name] = [];
  if (node.onError === 'route' && nodeType?.kind !== 'trigger') ports[ERROR_OUTPUT] = [];
  return ports;
}

function toDefinitionNode(
  { node, nodeType, expressions }: AnalyzedNode,
  successors: Record<string, Successor[]>,
  incoming: number,
  isTrigger: boolean,
): DefinitionNode {
  // compile only runs on graphs without errors, so every node type is known here.
  const type = nodeType as NonNullable<AnalyzedNode['nodeType']>;
  const joinPort = type.inputs.some((p) => p.multiple);
  // A mode chosen by an expression is only known at run time; `all` is the safe reading until then.
  const parsed = type.params.safeParse(node.params);
  const mode = (parsed.success && type.join?.mode(parsed.data)) || 'all';
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    typeVersion: node.typeVersion,
    kind: type.kind,
    params: sortKeys(node.params),
    expressions,
    ...optional(node),
    onError: node.onError,
    ...(node.disabled ? { disabled: true as const } : {}),
    waitFor: incoming + (isTrigger ? 1 : 0),
    ...(joinPort ? { join: { mode } } : {}),
    successors,
  };
}

function optional(node: NodeInstance): Pick<DefinitionNode, 'connectionId' | 'retry' | 'timeoutMs'> {
  return {
    ...(node.connectionId !== undefined ? { connectionId: node.connectionId } : {}),
    ...(node.retry !== undefined ? { retry: sortKeys(node.retry) } : {}),
    ...(node.timeoutMs !== undefined ? { timeoutMs: node.timeoutMs } : {}),
  };
}

function nodeTypesUsed(analysis: Analysis): string[] {
  const keys = new Set<string>();
  for (const { nodeType } of analysis.nodes.values()) if (nodeType) keys.add(nodeType.key);
  return [...keys].sort();
}
