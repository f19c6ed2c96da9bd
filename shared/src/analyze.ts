import type { z } from 'zod';
import type { NodeCatalog } from './catalog.js';
import { checkParams, paramIssueText } from './param-issues.js';
import { ProblemCode, type Problem } from './errors.js';
import {
  CURRENT_SCHEMA_VERSION,
  EdgeSchema,
  FlowSettingsSchema,
  parseNodeInstance,
  type Edge,
  type FlowSettings,
  type JsonValue,
  type NodeInstance,
} from './flow-graph.js';
import {
  ExpressionError,
  isTemplate,
  parseTemplate,
  referencesOf,
  type ExpressionReference,
  type Template,
} from './expressions.js';
import { outputJsonSchema, schemaHasPath } from './json-schema.js';
import { ERROR_OUTPUT, type NodeType } from './node-type.js';

/** One templated param of a node, found where the node's params hold a `{{`. */
export interface ParamExpression {
  /** Dotted path for messages and the editor, e.g. `headers.0.value`. */
  param: string;
  /** The same path as keys and indexes, for the interpreter to write the resolved value. */
  path: (string | number)[];
  template: Template;
}

/** A node that passed the schema, with what the analysis learnt about it. */
export interface AnalyzedNode {
  node: NodeInstance;
  /** Undefined when the catalog does not know the type (already reported). */
  nodeType: NodeType | undefined;
  /** The loop container this node runs in, after `parentId` was checked; undefined at top level. */
  scope: string | undefined;
  expressions: ParamExpression[];
}

/** Everything `validate` learns, reused by `compile` so the graph is walked once. */
export interface Analysis {
  problems: Problem[];
  settings: FlowSettings;
  /** Nodes by id, in document order (first wins on duplicate ids). */
  nodes: Map<string, AnalyzedNode>;
  /** Edges that passed every check, in document order. */
  edges: Edge[];
  /** Every node in dependency order (edges plus container → body), ties broken by id; partial on a cycle. */
  order: string[];
  triggers: string[];
}

type Report = (problem: Omit<Problem, 'severity'> & { severity?: Problem['severity'] }) => void;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const issueText = (issues: readonly z.core.$ZodIssue[]) =>
  issues
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');

/** Validates and indexes a graph in one pass. Never throws, whatever the input. */
export function analyze(input: unknown, catalog: NodeCatalog): Analysis {
  const problems: Problem[] = [];
  const report: Report = (p) => problems.push({ ...p, severity: p.severity ?? 'error' } as Problem);
  const analysis: Analysis = {
    problems,
    settings: { variables: {} },
    nodes: new Map(),
    edges: [],
    order: [],
    triggers: [],
  };

  if (!isRecord(input)) {
    report({ code: ProblemCode.INVALID_DOCUMENT, message: 'a flow graph must be a JSON object' });
    return analysis;
  }
  if (input.schemaVersion !== CURRENT_SCHEMA_VERSION) {
    report({
      code: ProblemCode.UNSUPPORTED_SCHEMA_VERSION,
      message: `schemaVersion must be ${CURRENT_SCHEMA_VERSION} (got ${JSON.stringify(input.schemaVersion) ?? 'nothing'}); import older documents with importFlow`,
    });
  }
  const settings = FlowSettingsSchema.safeParse(input.settings ?? {});
  if (settings.success) analysis.settings = settings.data;
  else
    report({
      code: ProblemCode.INVALID_DOCUMENT,
      message: `settings: ${issueText(settings.error.issues)}`,
    });

  const brokenIds = new Set<string>();
  const rawNodes = listOf(input, 'nodes', report);
  const rawEdges = listOf(input, 'edges', report);
  const names = new Map<string, string>();
  rawNodes.forEach((raw, index) => {
    const parsed = parseNodeInstance(raw);
    const rawId = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    if (!parsed.success) {
      if (rawId !== undefined) brokenIds.add(rawId);
      report({
        code: ProblemCode.INVALID_DOCUMENT,
        message: `node ${rawId === undefined ? `#${index}` : `"${rawId}"`}: ${issueText(parsed.error.issues)}`,
        ...(rawId === undefined ? {} : { nodeId: rawId }),
      });
      return;
    }
    const node = parsed.data;
    if (analysis.nodes.has(node.id)) {
      report({
        code: ProblemCode.DUPLICATE_NODE_ID,
        message: `another node already has id "${node.id}"`,
        nodeId: node.id,
      });
      return;
    }
    if (names.has(node.name)) {
      report({
        code: ProblemCode.DUPLICATE_NODE_NAME,
        message: `another node is already named "${node.name}"`,
        nodeId: node.id,
      });
    } else {
      names.set(node.name, node.id);
    }
    analysis.nodes.set(node.id, {
      node,
      nodeType: resolveType(node, catalog, report),
      scope: undefined,
      expressions: [],
    });
  });

  for (const entry of analysis.nodes.values()) checkNode(entry, report);
  resolveScopes(analysis, report);
  const edgeIds = new Set<string>();
  const seen = new Set<string>();
  rawEdges.forEach((raw, index) => {
    const parsed = parseEdge(raw);
    if (!parsed.success) {
      const rawId = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
      report({
        code: ProblemCode.INVALID_DOCUMENT,
        message: `edge ${rawId === undefined ? `#${index}` : `"${rawId}"`}: ${issueText(parsed.error.issues)}`,
        ...(rawId === undefined ? {} : { edgeId: rawId }),
      });
      return;
    }
    const edge = parsed.data;
    if (edgeIds.has(edge.id)) {
      report({
        code: ProblemCode.DUPLICATE_EDGE_ID,
        message: `another edge already has id "${edge.id}"`,
        edgeId: edge.id,
      });
      return;
    }
    edgeIds.add(edge.id);
    if (!checkEdge(edge, analysis, brokenIds, report)) return;
    const key = `${edge.source}\u0000${edge.sourceOutput}\u0000${edge.target}\u0000${edge.targetInput}`;
    if (seen.has(key)) {
      report({
        code: ProblemCode.DUPLICATE_EDGE,
        message: 'these two ports are already connected',
        edgeId: edge.id,
      });
      return;
    }
    seen.add(key);
    analysis.edges.push(edge);
  });
  checkInputs(analysis, report);
  checkTriggers(analysis, catalog, report);
  const next = dependencies(analysis);
  const inCycle = checkCycles(analysis, next, report);
  checkReachability(analysis, inCycle, report);
  checkReferences(analysis, next, names, report);
  return analysis;
}

const isId = (v: unknown, max = 200): v is string =>
  typeof v === 'string' && v.length >= 1 && v.length <= max;

/**
 * Edges are most of a document; the common, well-formed case is checked directly (exactly what
 * `EdgeSchema` accepts) and only a malformed edge goes through zod, for its messages.
 */
function parseEdge(raw: unknown): ReturnType<typeof EdgeSchema.safeParse> {
  if (
    isRecord(raw) &&
    isId(raw.id) &&
    isId(raw.source) &&
    isId(raw.target) &&
    isId(raw.sourceOutput, Infinity) &&
    isId(raw.targetInput, Infinity)
  ) {
    const { id, source, sourceOutput, target, targetInput } = raw;
    return { success: true, data: { id, source, sourceOutput, target, targetInput } };
  }
  return EdgeSchema.safeParse(raw);
}

function listOf(doc: Record<string, unknown>, key: 'nodes' | 'edges', report: Report): unknown[] {
  const value = doc[key];
  if (Array.isArray(value)) return value;
  report({ code: ProblemCode.INVALID_DOCUMENT, message: `${key} must be an array` });
  return [];
}

function resolveType(
  node: NodeInstance,
  catalog: NodeCatalog,
  report: Report,
): NodeType | undefined {
  const nodeType = catalog.get(node.type, node.typeVersion);
  if (nodeType) return nodeType;
  if (catalog.hasType(node.type)) {
    report({
      code: ProblemCode.UNKNOWN_NODE_VERSION,
      message: `node type "${node.type}" has no version ${node.typeVersion} (known: ${catalog.versionsOf(node.type).join(', ')})`,
      nodeId: node.id,
    });
  } else {
    report({
      code: ProblemCode.UNKNOWN_NODE_TYPE,
      message: `unknown node type "${node.type}"`,
      nodeId: node.id,
    });
  }
  return undefined;
}

function checkNode(entry: AnalyzedNode, report: Report): void {
  const { node, nodeType } = entry;
  entry.expressions = collectExpressions(node, report);
  if (!nodeType) return;
  const parsed = checkParams(nodeType, node.params);
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      // A value computed by an expression can only be checked once it is resolved, at run time.
      if (holdsExpression(node.params, issue.path)) continue;
      report({
        code: ProblemCode.BAD_PARAMS,
        message: paramIssueText(node.name, issue),
        nodeId: node.id,
        ...(issue.param ? { param: issue.param } : {}),
      });
    }
  }
  if (nodeType.connectionType && !nodeType.connectionOptional && node.connectionId === undefined) {
    report({
      code: ProblemCode.MISSING_CONNECTION,
      message: `"${node.name}" needs a ${nodeType.connectionType} connection`,
      nodeId: node.id,
    });
  }
  if (!nodeType.connectionType && node.connectionId !== undefined) {
    report({
      code: ProblemCode.UNEXPECTED_CONNECTION,
      message: `"${node.name}" takes no connection; connectionId is ignored`,
      nodeId: node.id,
      severity: 'warning',
    });
  }
}

function holdsExpression(params: unknown, path: readonly PropertyKey[]): boolean {
  let value = params;
  for (const key of [undefined, ...path]) {
    if (key !== undefined) {
      if (typeof value !== 'object' || value === null || typeof key === 'symbol') return false;
      value = (value as Record<string, unknown>)[key as string];
    }
    if (typeof value === 'string' && value.includes('{{')) return true;
  }
  return false;
}

function collectExpressions(node: NodeInstance, report: Report): ParamExpression[] {
  const found: ParamExpression[] = [];
  // One path stack for the walk; a copy is taken only where a template is found.
  const path: (string | number)[] = [];
  const visit = (value: JsonValue) => {
    if (typeof value === 'string') {
      if (!isTemplate(value)) return;
      const param = path.join('.');
      try {
        const template = parseTemplate(value);
        if (template) found.push({ param, path: [...path], template });
      } catch (error) {
        const e = error as ExpressionError;
        report({
          code: ProblemCode.EXPRESSION_SYNTAX,
          message: e.locate({ nodeName: node.name, param }, 0).message,
          nodeId: node.id,
          param,
        });
      }
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i] as JsonValue);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        path.push(key);
        visit(value[key] as JsonValue);
        path.pop();
      }
    }
  };
  visit(node.params);
  return found;
}

function resolveScopes(analysis: Analysis, report: Report): void {
  for (const entry of analysis.nodes.values()) {
    const { node } = entry;
    if (node.parentId === undefined) continue;
    const parent = analysis.nodes.get(node.parentId);
    let why: string | undefined;
    if (!parent) why = `its parent "${node.parentId}" does not exist`;
    else if (parent.nodeType && !parent.nodeType.container)
      why = `its parent "${parent.node.name}" is not a loop container`;
    else if (parentChainLoops(analysis, node.id)) why = 'its parents form a cycle';
    if (why)
      report({
        code: ProblemCode.INVALID_PARENT,
        message: `"${node.name}": ${why}`,
        nodeId: node.id,
      });
    else entry.scope = node.parentId;
  }
}

function parentChainLoops(analysis: Analysis, start: string): boolean {
  const visited = new Set<string>();
  let current: string | undefined = start;
  while (current !== undefined) {
    if (visited.has(current)) return true;
    visited.add(current);
    current = analysis.nodes.get(current)?.node.parentId;
  }
  return false;
}

/** Checks one edge's ends, ports and scope; returns whether it may take part in the structure. */
function checkEdge(
  edge: Edge,
  analysis: Analysis,
  brokenIds: ReadonlySet<string>,
  report: Report,
): boolean {
  const source = analysis.nodes.get(edge.source);
  const target = analysis.nodes.get(edge.target);
  if (!source || !target) {
    const missing = [!source ? edge.source : undefined, !target ? edge.target : undefined].filter(
      (id) => id !== undefined,
    );
    // A node that failed the schema was reported already; its edges are not dangling.
    if (!missing.every((id) => brokenIds.has(id))) {
      report({
        code: ProblemCode.DANGLING_EDGE,
        message: `edge points at missing node${missing.length > 1 ? 's' : ''} ${missing.map((id) => `"${id}"`).join(' and ')}`,
        edgeId: edge.id,
      });
    }
    return false;
  }
  let ok = true;
  const sourceType = source.nodeType;
  if (sourceType) {
    const routesErrors = source.node.onError === 'route' && sourceType.kind !== 'trigger';
    const known =
      sourceType.outputs.some((p) => p.name === edge.sourceOutput) ||
      (routesErrors && edge.sourceOutput === ERROR_OUTPUT);
    if (!known) {
      const hint = edge.sourceOutput === ERROR_OUTPUT ? ' (set onError to "route" to use it)' : '';
      report({
        code: ProblemCode.UNKNOWN_PORT,
        message: `"${source.node.name}" has no output "${edge.sourceOutput}"${hint}`,
        edgeId: edge.id,
        nodeId: source.node.id,
      });
      ok = false;
    }
  }
  if (target.nodeType && !target.nodeType.inputs.some((p) => p.name === edge.targetInput)) {
    report({
      code: ProblemCode.UNKNOWN_PORT,
      message: `"${target.node.name}" has no input "${edge.targetInput}"`,
      edgeId: edge.id,
      nodeId: target.node.id,
    });
    ok = false;
  }
  const isBody = sourceType?.container?.bodyOutput === edge.sourceOutput;
  const expectedScope = isBody ? source.node.id : source.scope;
  if (target.scope !== expectedScope) {
    report({
      code: ProblemCode.EDGE_CROSSES_LOOP,
      message: isBody
        ? `the body output of "${source.node.name}" must lead to a node inside that loop`
        : `"${source.node.name}" and "${target.node.name}" are in different loop scopes`,
      edgeId: edge.id,
    });
    ok = false;
  }
  return ok;
}

function checkInputs(analysis: Analysis, report: Report): void {
  const byInput = new Map<string, Edge[]>();
  for (const edge of analysis.edges) {
    const key = `${edge.target}\u0000${edge.targetInput}`;
    const list = byInput.get(key);
    if (list) list.push(edge);
    else byInput.set(key, [edge]);
  }
  const rejected = new Set<Edge>();
  for (const edges of byInput.values()) {
    const first = edges[0] as Edge;
    const target = analysis.nodes.get(first.target) as AnalyzedNode;
    const port = target.nodeType?.inputs.find((p) => p.name === first.targetInput);
    if (!port) continue;
    if (port.multiple) {
      if (edges.length === 1) {
        report({
          code: ProblemCode.MERGE_SINGLE_INPUT,
          message: `"${target.node.name}" joins only one branch`,
          nodeId: target.node.id,
          severity: 'warning',
        });
      }
    } else {
      for (const extra of edges.slice(1)) {
        rejected.add(extra);
        report({
          code: ProblemCode.INPUT_ALREADY_CONNECTED,
          message: `input "${port.name}" of "${target.node.name}" takes one edge; join branches with a merge node`,
          edgeId: extra.id,
          nodeId: target.node.id,
        });
      }
    }
  }
  if (rejected.size > 0) analysis.edges = analysis.edges.filter((e) => !rejected.has(e));
}

function checkTriggers(analysis: Analysis, catalog: NodeCatalog, report: Report): void {
  for (const { node, nodeType, scope } of analysis.nodes.values()) {
    if (nodeType?.kind !== 'trigger') continue;
    if (scope !== undefined || node.parentId !== undefined) {
      report({
        code: ProblemCode.TRIGGER_INSIDE_LOOP,
        message: `trigger "${node.name}" cannot sit inside a loop`,
        nodeId: node.id,
      });
      continue;
    }
    analysis.triggers.push(node.id);
  }
  if (analysis.triggers.length === 0) {
    report({ code: ProblemCode.NO_TRIGGER, message: 'the flow needs a trigger to start it' });
  }
  for (const id of analysis.triggers.slice(1)) {
    report({
      code: ProblemCode.MULTIPLE_TRIGGERS,
      message: 'a flow has exactly one trigger',
      nodeId: id,
    });
  }
  const [trigger] = analysis.triggers;
  const triggerType = trigger === undefined ? undefined : analysis.nodes.get(trigger)?.node.type;
  for (const { node, nodeType } of analysis.nodes.values()) {
    if (!nodeType?.triggers || triggerType === undefined) continue;
    if (nodeType.triggers.includes(triggerType)) continue;
    const wanted = nodeType.triggers.map((t) => catalog.latest(t)?.title ?? t).join(' or ');
    report({
      code: ProblemCode.WRONG_TRIGGER,
      message: `"${node.name}" (${nodeType.title}) works only in a flow started by a ${wanted} trigger`,
      nodeId: node.id,
    });
  }
}

/** Adjacency of the dependency graph: edges, plus each container before the nodes of its body. */
function dependencies(analysis: Analysis): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const id of analysis.nodes.keys()) next.set(id, []);
  for (const edge of analysis.edges) next.get(edge.source)?.push(edge.target);
  for (const { node, scope } of analysis.nodes.values()) {
    if (scope !== undefined) next.get(scope)?.push(node.id);
  }
  return next;
}

/** Reports each cycle once (Tarjan's strongly connected components, iteratively) and orders the rest. */
function checkCycles(
  analysis: Analysis,
  next: ReadonlyMap<string, string[]>,
  report: Report,
): Set<string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const inCycle = new Set<string>();
  let counter = 0;
  for (const root of next.keys()) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1] as [string, number];
      const [v, i] = frame;
      if (i === 0) {
        index.set(v, counter);
        low.set(v, counter++);
        stack.push(v);
        onStack.add(v);
      }
      const succ = next.get(v) as string[];
      if (i < succ.length) {
        frame[1] = i + 1;
        const w = succ[i] as string;
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]) as number, low.get(v) as number));
      if (low.get(v) !== index.get(v)) continue;
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || succ.includes(v)) {
        for (const id of component) inCycle.add(id);
        const names = component.map((id) => `"${analysis.nodes.get(id)?.node.name}"`).reverse();
        report({
          code: ProblemCode.CYCLE,
          message: `these nodes form a cycle: ${names.join(' → ')}`,
          nodeId: component[component.length - 1] as string,
        });
      }
    }
  }
  analysis.order = topologicalOrder(next, inCycle);
  return inCycle;
}

/** Kahn's algorithm with the smallest id first, so the order does not depend on document order. */
function topologicalOrder(
  next: ReadonlyMap<string, string[]>,
  skip: ReadonlySet<string>,
): string[] {
  const indegree = new Map<string, number>();
  for (const id of next.keys()) if (!skip.has(id)) indegree.set(id, 0);
  for (const [id, targets] of next) {
    if (skip.has(id)) continue;
    for (const t of targets) if (indegree.has(t)) indegree.set(t, (indegree.get(t) as number) + 1);
  }
  const heap = new MinHeap();
  for (const [id, d] of indegree) if (d === 0) heap.push(id);
  const order: string[] = [];
  for (let id = heap.pop(); id !== undefined; id = heap.pop()) {
    order.push(id);
    for (const t of next.get(id) as string[]) {
      const d = indegree.get(t);
      if (d === undefined) continue;
      indegree.set(t, d - 1);
      if (d === 1) heap.push(t);
    }
  }
  return order;
}

class MinHeap {
  private readonly items: string[] = [];

  push(item: string): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if ((a[p] as string) <= item) break;
      a[i] = a[p] as string;
      a[p] = item;
      i = p;
    }
  }

  pop(): string | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && (a[l] as string) < (a[m] as string)) m = l;
      if (r < a.length && (a[r] as string) < (a[m] as string)) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m] as string, a[i] as string];
      i = m;
    }
    return top;
  }
}

function checkReachability(analysis: Analysis, inCycle: ReadonlySet<string>, report: Report): void {
  const bodyEdges = new Set<string>();
  const errorEdges = new Set<string>();
  const next = new Map<string, string[]>();
  for (const edge of analysis.edges) {
    const targets = next.get(edge.source);
    if (targets) targets.push(edge.target);
    else next.set(edge.source, [edge.target]);
    const source = analysis.nodes.get(edge.source) as AnalyzedNode;
    if (source.nodeType?.container?.bodyOutput === edge.sourceOutput) bodyEdges.add(edge.source);
    if (edge.sourceOutput === ERROR_OUTPUT) errorEdges.add(edge.source);
  }
  for (const { node, nodeType } of analysis.nodes.values()) {
    if (nodeType?.container && !bodyEdges.has(node.id)) {
      report({
        code: ProblemCode.EMPTY_LOOP,
        message: `nothing is connected to the body of "${node.name}"`,
        nodeId: node.id,
        severity: 'warning',
      });
    }
    if (node.onError === 'route' && nodeType?.kind !== 'trigger' && !errorEdges.has(node.id)) {
      report({
        code: ProblemCode.ERROR_OUTPUT_UNCONNECTED,
        message: `"${node.name}" routes errors but nothing is connected to its error output`,
        nodeId: node.id,
        severity: 'warning',
      });
    }
  }
  if (analysis.triggers.length === 0) return;
  const reached = new Set<string>(analysis.triggers);
  const queue = [...analysis.triggers];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const t of next.get(id) ?? []) {
      if (!reached.has(t)) {
        reached.add(t);
        queue.push(t);
      }
    }
  }
  for (const { node, scope, nodeType } of analysis.nodes.values()) {
    if (reached.has(node.id) || inCycle.has(node.id) || nodeType?.kind === 'trigger') continue;
    // Inside a loop nobody reaches, only the loop itself is worth a badge.
    if (scope !== undefined && !reached.has(scope)) continue;
    const from =
      scope === undefined ? 'the trigger' : `the body of "${analysis.nodes.get(scope)?.node.name}"`;
    report({
      code: ProblemCode.UNREACHABLE_NODE,
      message: `"${node.name}" cannot be reached from ${from}`,
      nodeId: node.id,
    });
  }
}

const RUN_FIELDS = new Set(['runId', 'flowId', 'tenantId', 'startedAt']);

function checkReferences(
  analysis: Analysis,
  next: ReadonlyMap<string, string[]>,
  names: ReadonlyMap<string, string>,
  report: Report,
): void {
  let upstream: ((ancestor: string, of: string) => boolean) | undefined;
  const trigger =
    analysis.triggers.length === 1 ? analysis.nodes.get(analysis.triggers[0] as string) : undefined;
  for (const entry of analysis.nodes.values()) {
    const { node } = entry;
    for (const { param, template } of entry.expressions) {
      for (const { offset, ref } of templateReferences(template)) {
        const at = `param "${param}", position ${ref.position + offset}`;
        const problem = { nodeId: node.id, param };
        if (ref.kind === 'node') {
          const targetId = names.get(ref.name);
          const target = targetId === undefined ? undefined : analysis.nodes.get(targetId);
          if (!target) {
            report({
              ...problem,
              code: ProblemCode.UNKNOWN_NODE_REFERENCE,
              message: `${at}: no node is named "${ref.name}"`,
            });
            continue;
          }
          upstream ??= ancestry(analysis, next, referencedNodes(analysis, names));
          if (!upstream(target.node.id, node.id)) {
            report({
              ...problem,
              code: ProblemCode.NODE_NOT_UPSTREAM,
              message: `${at}: "${ref.name}" has not run when "${node.name}" runs (it is not upstream, or it is inside a loop body)`,
            });
          } else if (!outputHasPath(target, ref.path)) {
            report({
              ...problem,
              code: ProblemCode.UNKNOWN_OUTPUT_FIELD,
              message: `${at}: the output of "${ref.name}" has no field "${ref.path.join('.')}"`,
              severity: 'warning',
            });
          }
        } else if (ref.kind === 'trigger') {
          if (trigger && !outputHasPath(trigger, ref.path)) {
            report({
              ...problem,
              code: ProblemCode.UNKNOWN_OUTPUT_FIELD,
              message: `${at}: the trigger payload has no field "${ref.path.join('.')}"`,
              severity: 'warning',
            });
          }
        } else if (ref.kind === 'item' || ref.kind === 'index') {
          if (entry.scope === undefined) {
            report({
              ...problem,
              code: ProblemCode.LOOP_VARIABLE_OUTSIDE_LOOP,
              message: `${at}: $${ref.kind} only exists inside a loop body`,
            });
          }
        } else if (ref.kind === 'vars') {
          if (ref.name !== undefined && !Object.hasOwn(analysis.settings.variables, ref.name)) {
            report({
              ...problem,
              code: ProblemCode.UNKNOWN_VARIABLE,
              message: `${at}: no flow variable "${ref.name}"`,
              severity: 'warning',
            });
          }
        } else if (ref.field !== undefined && !RUN_FIELDS.has(ref.field)) {
          report({
            ...problem,
            code: ProblemCode.UNKNOWN_OUTPUT_FIELD,
            message: `${at}: $run has no field "${ref.field}" (it has ${[...RUN_FIELDS].join(', ')})`,
            severity: 'warning',
          });
        }
      }
    }
  }
}

function outputHasPath({ node, nodeType }: AnalyzedNode, path: readonly string[]): boolean {
  // Without a type, or when errors continue as output, the shape is not known: do not guess.
  if (!nodeType || path.length === 0 || node.onError === 'continue') return true;
  return nodeType.outputs.some((port) =>
    schemaHasPath(outputJsonSchema(nodeType, port.name), path),
  );
}

/**
 * What every placeholder of a template reads, each reference with its placeholder's offset in the
 * param string. A placeholder that does not parse was reported by collectExpressions and reads nothing.
 */
function templateReferences(template: Template): { offset: number; ref: ExpressionReference }[] {
  const parts =
    template.kind === 'expression'
      ? [template]
      : template.parts.filter((p) => typeof p !== 'string');
  const found: { offset: number; ref: ExpressionReference }[] = [];
  for (const part of parts) {
    let refs: readonly ExpressionReference[];
    try {
      refs = referencesOf(part.source);
    } catch {
      continue;
    }
    for (const ref of refs) found.push({ offset: part.offset, ref });
  }
  return found;
}

/** Ids of the nodes some expression reads by name (`$node.<name>`): the only ancestors asked about. */
function referencedNodes(analysis: Analysis, names: ReadonlyMap<string, string>): Set<string> {
  const ids = new Set<string>();
  for (const { expressions } of analysis.nodes.values()) {
    for (const { template } of expressions) {
      for (const { ref } of templateReferences(template)) {
        const id = ref.kind === 'node' ? names.get(ref.name) : undefined;
        if (id !== undefined) ids.add(id);
      }
    }
  }
  return ids;
}

/**
 * "Has `a` finished whenever `b` runs?" over the dependency graph, for every `a` in `ancestors`:
 * one bitset per node, with a bit per asked-about ancestor only (a bit per node made it quadratic
 * in the flow's size), filled in dependency order; built once, then every question is a bit test.
 */
function ancestry(
  analysis: Analysis,
  next: ReadonlyMap<string, string[]>,
  ancestors: ReadonlySet<string>,
): (ancestor: string, of: string) => boolean {
  const position = new Map<string, number>();
  analysis.order.forEach((id, i) => position.set(id, i));
  const column = new Map<string, number>();
  for (const id of analysis.order) if (ancestors.has(id)) column.set(id, column.size);
  const words = (column.size + 31) >>> 5;
  const bits = new Uint32Array(words * analysis.order.length);
  analysis.order.forEach((id, i) => {
    const own = column.get(id);
    for (const t of next.get(id) as string[]) {
      const j = position.get(t);
      if (j === undefined) continue;
      const to = j * words;
      const from = i * words;
      for (let w = 0; w < words; w++)
        bits[to + w] = (bits[to + w] as number) | (bits[from + w] as number);
      if (own !== undefined)
        bits[to + (own >>> 5)] = (bits[to + (own >>> 5)] as number) | (1 << (own & 31));
    }
  });
  return (ancestor, of) => {
    const b = position.get(of);
    // Nodes on a cycle are not ordered; the cycle itself is the error to fix first.
    if (!position.has(ancestor) || b === undefined) return true;
    // Every name an expression reads is in `ancestors` (referencedNodes walks the same references).
    const a = column.get(ancestor) as number;
    return (((bits[b * words + (a >>> 5)] as number) >>> (a & 31)) & 1) === 1;
  };
}
