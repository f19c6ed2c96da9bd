import { analyze, type AnalyzedNode, type Analysis, type ParamExpression } from './analyze.js';
import type { NodeCatalog } from './catalog.js';
import { FlowValidationError, type Problem } from './errors.js';
import type { FlowSettings, JsonObject, NodeInstance, OnError, RetryPolicy } from './flow-graph.js';
import { contentHash, sha256Hex, sortKeys } from './hash.js';
import { DEFINITION_VERSION } from './definition-version.js';
import { ERROR_OUTPUT, type JoinMode, type NodeKind, type NodeType } from './node-type.js';

export { DEFINITION_VERSION };

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
  /**
   * Switched off on the canvas: not executed; its input passes unchanged to the successors of its
   * type's first declared output port, and its other ports are skipped.
   */
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
  /** How many iterations may run at once; 1 runs items in order. */
  concurrency: number;
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
 * edges), with every object's keys in sorted order so the JSON as built is canonical. Immutable
 * once published: a run keeps the definition it started with.
 *
 * How the interpreter runs a scope (the flow, or one loop iteration): `startScope` gives the
 * entries; run each ready node (control nodes in the workflow via their type's `evaluate`, others
 * as activities) with `resolveParams`; report the ports that fired to `completeNode`, which returns
 * the next ready nodes and the ones skipped. A loop container runs `body` once per item, each
 * iteration a fresh scope, up to `body.concurrency` at a time, then fires its other ports.
 *
 * @example
 * ```json
 * {
 *   "definitionVersion": 1,
 *   "entries": ["t1"],
 *   "hash": "d08b8283…",
 *   "nodeTypes": ["core.if@1", "core.manual_trigger@1", "core.set@1"],
 *   "nodes": [
 *     { "expressions": [], "id": "t1", "kind": "trigger", "name": "Start", "onError": "fail", "params": {},
 *       "successors": { "main": [{ "input": "main", "node": "if1" }] },
 *       "type": "core.manual_trigger", "typeVersion": 1, "waitFor": 1 },
 *     { "expressions": [{ "param": "condition", "path": ["condition"],
 *         "template": { "kind": "expression", "offset": 2, "source": " $trigger.score > 50 " } }],
 *       "id": "if1", "kind": "control", "name": "Hot?", "onError": "fail",
 *       "params": { "condition": "{{ $trigger.score > 50 }}" },
 *       "successors": { "false": [], "true": [{ "input": "main", "node": "s1" }] },
 *       "type": "core.if", "typeVersion": 1, "waitFor": 1 },
 *     { "expressions": [], "id": "s1", "kind": "control", "name": "Tag", "onError": "fail",
 *       "params": { "values": { "tier": "hot" } }, "successors": { "main": [] },
 *       "type": "core.set", "typeVersion": 1, "waitFor": 1 }
 *   ],
 *   "settings": { "variables": {} },
 *   "trigger": "t1"
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
  const { problems, definition } = validateAndCompile(graph, catalog);
  if (!definition) throw new FlowValidationError(problems);
  return definition;
}

/**
 * `validate` and `compile` in one pass, for publishing: every problem (warnings included), and the
 * definition when there is no error. Never throws.
 */
export function validateAndCompile(
  graph: unknown,
  catalog: NodeCatalog,
): { problems: Problem[]; definition?: FlowDefinition } {
  const analysis = analyze(graph, catalog);
  if (analysis.problems.some((p) => p.severity === 'error')) return { problems: analysis.problems };
  return { problems: analysis.problems, definition: build(analysis) };
}

function build(analysis: Analysis): FlowDefinition {
  const trigger = analysis.triggers[0] as string;
  const rank = new Map<string, number>();
  analysis.order.forEach((id, i) => rank.set(id, i));
  const byRank = (a: Successor, b: Successor) =>
    (rank.get(a.node) as number) - (rank.get(b.node) as number) ||
    (a.input < b.input ? -1 : a.input > b.input ? 1 : 0);

  const successors = new Map<string, Record<string, Successor[]>>();
  const incoming = new Map<string, number>();
  const entriesOf = new Map<string, string[]>();
  for (const entry of analysis.nodes.values()) successors.set(entry.node.id, emptyPorts(entry));
  for (const edge of analysis.edges) {
    incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
    const source = analysis.nodes.get(edge.source) as AnalyzedNode;
    if (source.nodeType?.container?.bodyOutput === edge.sourceOutput) {
      const entries = entriesOf.get(edge.source);
      if (entries) entries.push(edge.target);
      else entriesOf.set(edge.source, [edge.target]);
    } else {
      (successors.get(edge.source) as Record<string, Successor[]>)[edge.sourceOutput]?.push({
        input: edge.targetInput,
        node: edge.target,
      });
    }
  }
  for (const ports of successors.values())
    for (const list of Object.values(ports)) list.sort(byRank);

  const members = new Map<string | undefined, string[]>();
  for (const id of analysis.order) {
    const scope = (analysis.nodes.get(id) as AnalyzedNode).scope;
    const list = members.get(scope);
    if (list) list.push(id);
    else members.set(scope, [id]);
  }
  const scopeNodes = (scope: string | undefined): DefinitionNode[] =>
    (members.get(scope) ?? []).map((id) => {
      const entry = analysis.nodes.get(id) as AnalyzedNode;
      const container = entry.nodeType?.container;
      const body = container && {
        concurrency: loopConcurrency(
          container,
          entry.nodeType as NonNullable<AnalyzedNode['nodeType']>,
          entry.node,
        ),
        entries: (entriesOf.get(id) ?? []).sort(
          (a, b) => (rank.get(a) as number) - (rank.get(b) as number),
        ),
        nodes: scopeNodes(id),
        output: container.bodyOutput,
      };
      return toDefinitionNode(
        entry,
        body,
        successors.get(id) as Record<string, Successor[]>,
        (incoming.get(id) ?? 0) + (id === trigger ? 1 : 0),
      );
    });

  // Every object below is built with its keys in sorted order, so plain JSON.stringify already is
  // the canonical JSON that `definitionHash` hashes — without sorting a copy of the whole tree.
  const content = {
    definitionVersion: DEFINITION_VERSION,
    entries: [trigger],
    nodeTypes: nodeTypesUsed(analysis),
    nodes: scopeNodes(undefined),
    settings: sortKeys(analysis.settings),
    trigger,
  };
  const hash = sha256Hex(JSON.stringify(content));
  const { definitionVersion, entries, nodeTypes, nodes, settings } = content;
  return { definitionVersion, entries, hash, nodeTypes, nodes, settings, trigger };
}

/**
 * The content hash of a definition, recomputed from its canonical JSON: equal to `hash` for a
 * definition as compiled, and still equal after storage that reorders keys (PostgreSQL jsonb).
 */
export function definitionHash(definition: FlowDefinition): string {
  const { hash: _hash, ...content } = definition;
  return contentHash(content);
}

function emptyPorts({ node, nodeType }: AnalyzedNode): Record<string, Successor[]> {
  const names = (nodeType?.outputs ?? [])
    .map((p) => p.name)
    .filter((name) => name !== nodeType?.container?.bodyOutput);
  if (node.onError === 'route' && nodeType?.kind !== 'trigger') names.push(ERROR_OUTPUT);
  return Object.fromEntries(names.sort().map((name) => [name, []]));
}

function toDefinitionNode(
  { node, nodeType, expressions }: AnalyzedNode,
  body: LoopBody | undefined,
  successors: Record<string, Successor[]>,
  waitFor: number,
): DefinitionNode {
  // compile only runs on graphs without errors, so every node type is known here.
  const type = nodeType as NonNullable<AnalyzedNode['nodeType']>;
  // Keys are assigned in sorted order (see build); optional ones only when present.
  const def: Partial<DefinitionNode> = {};
  if (body) def.body = body;
  if (node.connectionId !== undefined) def.connectionId = node.connectionId;
  if (node.disabled) def.disabled = true;
  def.expressions = expressions;
  def.id = node.id;
  if (type.inputs.some((p) => p.multiple)) def.join = { mode: joinMode(type, node) };
  def.kind = type.kind;
  def.name = node.name;
  def.onError = node.onError;
  def.params = sortKeys(node.params);
  if (node.retry !== undefined) def.retry = sortKeys(node.retry);
  def.successors = successors;
  if (node.timeoutMs !== undefined) def.timeoutMs = node.timeoutMs;
  def.type = node.type;
  def.typeVersion = node.typeVersion;
  def.waitFor = waitFor;
  return def as DefinitionNode;
}

function loopConcurrency(
  container: NonNullable<NodeType['container']>,
  type: NodeType,
  node: NodeInstance,
): number {
  const n = container.concurrency ? fromParams(type, node, container.concurrency) : 1;
  return Number.isSafeInteger(n) && (n as number) >= 1 ? (n as number) : 1;
}

function joinMode(type: NodeType, node: NodeInstance): JoinMode {
  const mode = type.join ? fromParams(type, node, type.join.mode) : 'all';
  return mode === 'first' ? 'first' : 'all';
}

/**
 * Asks a node type something about a node's params at compile time. Params that hold expressions
 * only validate at run time, so the raw params are offered then, and callers keep only an answer
 * of the expected shape: a value only an expression knows falls back to the safe default.
 */
function fromParams(type: NodeType, node: NodeInstance, ask: (params: never) => unknown): unknown {
  const parsed = type.params.safeParse(node.params);
  try {
    return ask((parsed.success ? parsed.data : node.params) as never);
  } catch {
    return undefined;
  }
}

function nodeTypesUsed(analysis: Analysis): string[] {
  const keys = new Set<string>();
  for (const { nodeType } of analysis.nodes.values()) if (nodeType) keys.add(nodeType.key);
  return [...keys].sort();
}
