import type jsonata from 'jsonata';
import synchronousJsonata, { type SynchronousExpression } from './expressions-jsonata.js';
import { linearRegexEngine, unsupportedRegex, type RegexEngine } from './expressions-regex.js';

/**
 * One `{{ … }}` placeholder: the JSONata source and where it starts inside the param string, so
 * errors can point at a position the user sees.
 */
export interface ExpressionPart {
  source: string;
  offset: number;
}

/**
 * A param string holding expressions. `expression`: the whole value is one `{{ … }}` and yields the
 * raw result (number, object…). `template`: literal text and placeholders, joined into a string.
 */
export type Template =
  | ({ kind: 'expression' } & ExpressionPart)
  | { kind: 'template'; parts: (string | ExpressionPart)[] };

/** Where an expression lives, so errors name the node, the param and the position. */
export interface ExpressionLocation {
  nodeId?: string;
  nodeName?: string;
  param?: string;
}

export type ExpressionErrorCode =
  'EXPRESSION_SYNTAX' | 'EXPRESSION_EVALUATION' | 'EXPRESSION_BUDGET';

export class ExpressionError extends Error {
  readonly code: ExpressionErrorCode;
  /** Character index in the param string (or the bare expression) where the problem is. */
  readonly position: number | undefined;
  /** JSONata's own error code (`S0201`, `T2001`…) when it raised the error. */
  readonly jsonataCode: string | undefined;
  readonly location: ExpressionLocation;
  /** The message without its location prefix. */
  readonly detail: string;

  constructor(
    code: ExpressionErrorCode,
    detail: string,
    position: number | undefined,
    location: ExpressionLocation = {},
    jsonataCode?: string,
  ) {
    const where = [
      location.nodeName !== undefined ? `node "${location.nodeName}"` : undefined,
      location.param !== undefined ? `param "${location.param}"` : undefined,
      position !== undefined ? `position ${position}` : undefined,
    ].filter((s) => s !== undefined);
    super(where.length > 0 ? `${where.join(', ')}: ${detail}` : detail);
    this.name = 'ExpressionError';
    this.code = code;
    this.position = position;
    this.location = location;
    this.jsonataCode = jsonataCode;
    this.detail = detail;
  }

  /** The same error, located at a node and param and shifted by the placeholder's offset. */
  locate(location: ExpressionLocation, offset: number): ExpressionError {
    const position = this.position === undefined ? undefined : this.position + offset;
    return new ExpressionError(this.code, this.detail, position, location, this.jsonataCode);
  }
}

/** True when a string contains at least one `{{`, i.e. is meant as a template. */
export function isTemplate(text: string): boolean {
  return text.includes('{{');
}

/**
 * Splits a param string into literal text and `{{ … }}` placeholders. Braces, brackets and quotes
 * inside a placeholder are tracked so JSONata object constructors (`{{ {"a": {"b": 1}} }}`) work.
 * Returns undefined for a string without placeholders.
 *
 * @throws ExpressionError (`EXPRESSION_SYNTAX`) for an unterminated or empty placeholder, or JSONata
 * that does not parse; positions are relative to `text`.
 */
export function parseTemplate(text: string): Template | undefined {
  if (!isTemplate(text)) return undefined;
  let template = templates.get(text);
  if (!template) {
    // Frozen because one parsed template is shared by every definition compiled from the same text.
    template = deepFreeze(splitTemplate(text));
    if (templates.size >= CACHE_LIMIT) templates.clear();
    templates.set(text, template);
  }
  return template;
}

const templates = new Map<string, Template>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function splitTemplate(text: string): Template {
  const parts: (string | ExpressionPart)[] = [];
  let cursor = 0;
  for (;;) {
    const open = text.indexOf('{{', cursor);
    if (open < 0) break;
    if (open > cursor) parts.push(text.slice(cursor, open));
    const close = findClose(text, open + 2);
    if (close < 0)
      throw new ExpressionError('EXPRESSION_SYNTAX', 'unterminated "{{": expected "}}"', open);
    const source = text.slice(open + 2, close);
    if (source.trim() === '')
      throw new ExpressionError('EXPRESSION_SYNTAX', 'empty expression', open);
    try {
      compiled(source);
    } catch (error) {
      throw (error as ExpressionError).locate({}, open + 2);
    }
    parts.push({ offset: open + 2, source });
    cursor = close + 2;
  }
  if (cursor < text.length) parts.push(text.slice(cursor));
  const expressions = parts.filter((p) => typeof p !== 'string');
  const literal = parts.filter((p) => typeof p === 'string').join('');
  const [only] = expressions;
  // Keys in sorted order: definitions embed templates and are canonical JSON as built.
  if (only && expressions.length === 1 && literal.trim() === '')
    return { kind: 'expression', offset: only.offset, source: only.source };
  return { kind: 'template', parts };
}

const CLOSERS: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

function findClose(text: string, from: number): number {
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (c === '}' && stack.length === 0) {
      if (text[i + 1] === '}') return i;
    } else if (c in CLOSERS) {
      stack.push(CLOSERS[c] as string);
    } else if (c === stack[stack.length - 1]) {
      stack.pop();
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Parsing with a cache: the definition stores sources (JSONata ASTs hold RegExp objects and so do
// not survive JSON), and every evaluation after the first reuses the parsed expression. The JSONata
// is the package's code made synchronous (expressions-jsonata.js, generated): JSONata 2 awaits at
// every step, and in Temporal's workflow sandbox every promise runs the SDK's promise hook, which
// made a step cost ~0.3 ms there against a few µs in plain Node.

/** Longest sequence (array) an expression may build, e.g. with `[1..n]`. */
export const MAX_SEQUENCE = 100_000;
const CACHE_LIMIT = 10_000;
const cache = new Map<string, SynchronousExpression>();

interface JsonataErrorLike {
  code?: string;
  position?: number;
  message?: string;
}

function compiled(source: string): SynchronousExpression {
  let expr = cache.get(source);
  if (expr) return expr;
  try {
    expr = synchronousJsonata(source, {
      sequence: MAX_SEQUENCE,
      RegexEngine: Unmetered as unknown as RegExpConstructor,
    });
  } catch (error) {
    const e = error as JsonataErrorLike;
    throw new ExpressionError(
      'EXPRESSION_SYNTAX',
      e.message ?? String(error),
      e.position,
      {},
      e.code,
    );
  }
  const regex = refusedRegex(expr.ast());
  if (regex) throw new ExpressionError('EXPRESSION_SYNTAX', regex.reason, regex.position);
  // jsonata's typings only admit string names; its evaluator looks these two hooks up by symbol.
  expr.assign(ENTRY_HOOK as unknown as string, onEntry);
  expr.assign(EXIT_HOOK as unknown as string, onExit);
  // $eval builds code from data at run time: it hides references from validation, and nested
  // $eval errors re-quote each other's messages, growing exponentially with depth.
  expr.registerFunction('eval', () => {
    throw new BudgetExceeded(
      '$eval is not available in flow expressions',
      undefined,
      'EXPRESSION_EVALUATION',
    );
  });
  expr.registerFunction('pad', pad, '<s-ns?:s>');
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, expr);
  return expr;
}

/** The first regex literal RE2 cannot run, with why and where. */
function refusedRegex(node: unknown): { reason: string; position: number | undefined } | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const { type, value, position } = node as { type?: string; value?: unknown; position?: number };
  if (type === 'regex' && value instanceof RegExp) {
    const reason = unsupportedRegex(value);
    return reason === undefined ? undefined : { reason, position };
  }
  for (const child of Object.values(node)) {
    const found = refusedRegex(child);
    if (found) return found;
  }
  return undefined;
}

/**
 * JSONata's regex engine outside an evaluation's budget. Every evaluation swaps in a metered
 * engine on its first step (see `onEntry`), so this only runs if JSONata stops honouring that:
 * then regexes fail loudly instead of silently falling back to V8's backtracking engine.
 */
class Unmetered {
  constructor() {
    throw new BudgetExceeded('regexes are only available inside a budgeted evaluation', undefined);
  }
}

/**
 * `$pad` as JSONata defines it (width in code points, a multi-character pad cut to fit), refusing a
 * width beyond the string budget before building it: `$pad("", 1e9)` would otherwise allocate
 * gigabytes in one step, before the exit hook could look at its length.
 */
function pad(str: string | undefined, width: number, char?: string) {
  if (str === undefined) return undefined;
  const target = Math.abs(Math.trunc(width));
  const limit = evaluating?.budget.maxStringLength ?? DEFAULT_BUDGET.maxStringLength;
  if (target > limit) {
    throw new BudgetExceeded(`$pad to ${target} characters: longer than ${limit}`, undefined);
  }
  const missing = target - [...str].length;
  if (missing <= 0) return str;
  const unit = [...(char === undefined || char === '' ? ' ' : char)];
  const padding = Array.from({ length: missing }, (_, i) => unit[i % unit.length]).join('');
  return width > 0 ? str + padding : padding + str;
}

/** The JSONata AST of an expression (throws `ExpressionError` if it does not parse). */
export function expressionAst(source: string): jsonata.ExprNode {
  return compiled(source).ast();
}

// ---------------------------------------------------------------------------------------------
// Budget. An evaluation runs to its end without yielding, so a timer could never interrupt it;
// instead a hook runs on entry to every evaluation step and counts, and every regex search is
// charged by the bound of its work (see expressions-regex.ts). No single step is unbounded: regexes run in linear time,
// ranges and sequences stop at MAX_SEQUENCE, strings at `maxStringLength` ($pad before building).
//
// Inside Temporal's workflow sandbox the clock does not move during a workflow task, and reading a
// real one would make the outcome depend on the machine: a replay on a faster worker would finish an
// expression the first run failed, and diverge. So the workflow bounds time by steps alone, with
// WORKFLOW_BUDGET sized from the sandbox's measured speed; the wall-clock limit guards the server
// and the browser, where nothing replays.

export interface EvaluationBudget {
  /** Wall-clock limit for one expression. */
  timeoutMs: number;
  /** Deepest nesting of evaluation steps (non-tail recursion grows it). */
  maxDepth: number;
  /** Total evaluation steps, tail calls and regex searches included: a deterministic stand-in for time. */
  maxSteps: number;
  /** Total regex work: characters a search may read × the pattern's program size (see `searchWork`). */
  maxRegexWork: number;
  /** Longest string any step may produce. */
  maxStringLength: number;
}

export const DEFAULT_BUDGET: EvaluationBudget = {
  timeoutMs: 250,
  maxDepth: 200,
  maxSteps: 200_000,
  // Generous: here the wall clock stops a long evaluation, checked before every search.
  maxRegexWork: 200_000_000,
  maxStringLength: 1_000_000,
};

/**
 * The budget of one node's expressions inside the workflow sandbox. A step costs 10–30 µs there
 * (0.3–5 µs in plain Node), against 35–200 µs while JSONata awaited at every step (see `compiled`),
 * measured on a loaded 2-core machine with `runtime/test/repro/sandbox-step-cost.ts`. A workflow
 * task that runs past 5 s is killed by the deadlock detector and retried forever, so the steps are
 * sized to end a runaway expression within a second, with room for the rest of the task; the
 * interpreter also ends the task after as many steps across nodes. 20,000 steps fit a `$map` with a
 * lambda over 2,500 items (7 steps an item).
 */
export const WORKFLOW_BUDGET: Omit<EvaluationBudget, 'timeoutMs'> = {
  maxDepth: 100,
  maxSteps: 20_000,
  // Regexes run at the same speed in and out of the sandbox: ~250 ns per unit at worst, so 1 s.
  maxRegexWork: 4_000_000,
  maxStringLength: 1_000_000,
};

/**
 * Steps spent so far, shared by several evaluations (one node's params) so that their sum is
 * bounded, not only each of them.
 */
export interface StepMeter {
  steps: number;
  regexWork: number;
}

const ENTRY_HOOK = Symbol.for('jsonata.__evaluate_entry');
const EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit');
/**
 * The budget of the evaluation running now, for the hooks. An evaluation runs synchronously from
 * start to end (see `evaluateExpression`), so one cannot interleave with another; looking the state
 * up in JSONata's frames instead cost two walks up the frame chain per step.
 */
let evaluating: BudgetState | undefined;

interface BudgetState {
  budget: EvaluationBudget;
  started: number;
  now: () => number;
  meter: StepMeter;
  depth: number;
  /** This evaluation's regex engine, charging its searches to `meter`. */
  regexEngine: new (re: RegExp) => RegexEngine;
  /** Position of the regex node last entered, for the error of a search over budget. */
  regexPosition: number | undefined;
}

/** Raised from inside JSONata by our hooks; never leaves this module. */
class BudgetExceeded extends Error {
  constructor(
    message: string,
    readonly position: number | undefined,
    readonly code: ExpressionErrorCode = 'EXPRESSION_BUDGET',
  ) {
    super(message);
  }
}

/** JSONata wraps errors raised inside some functions (`{ code: 'D3121', error: inner }`); find ours. */
function ownError(error: unknown): BudgetExceeded | undefined {
  for (
    let e = error, hops = 0;
    typeof e === 'object' && e !== null && hops < 1_000;
    e = (e as { error?: unknown }).error, hops++
  ) {
    if (e instanceof BudgetExceeded) return e;
  }
  return undefined;
}

/** A JSONata frame: the root frame of its evaluation is `base`, which names the regex engine. */
interface EvaluationFrame {
  base: { RegexEngine: unknown };
}

function onEntry(node: jsonata.ExprNode, _input: unknown, environment: EvaluationFrame): void {
  const state = evaluating;
  if (!state) return;
  // JSONata constructs `new environment.base.RegexEngine(literal)` for each regex it evaluates; the
  // base frame is this evaluation's own, so the engine set here charges this evaluation's meter.
  if (environment.base.RegexEngine !== state.regexEngine) {
    environment.base.RegexEngine = state.regexEngine;
  }
  if ((node.type as string) === 'regex') state.regexPosition = node.position;
  charge(state, 1, node.position);
  state.depth++;
  const { budget } = state;
  if (state.depth > budget.maxDepth) {
    throw new BudgetExceeded(
      `expression nests deeper than ${budget.maxDepth} levels`,
      node.position,
    );
  }
  if (state.meter.steps % 256 === 0 && state.now() - state.started > budget.timeoutMs) {
    throw new BudgetExceeded(`expression ran longer than ${budget.timeoutMs} ms`, node.position);
  }
}

function charge(state: BudgetState, steps: number, position: number | undefined): void {
  state.meter.steps += steps;
  if (state.meter.steps > state.budget.maxSteps) {
    throw new BudgetExceeded(`expression took more than ${state.budget.maxSteps} steps`, position);
  }
}

/** Before each regex search: one step, its bound of work, and the clock (a search cannot be interrupted). */
function chargeRegex(state: BudgetState, work: number): void {
  const position = state.regexPosition;
  charge(state, 1, position);
  state.meter.regexWork += work;
  const { budget } = state;
  if (state.meter.regexWork > budget.maxRegexWork) {
    throw new BudgetExceeded(
      `regex searches took more than ${budget.maxRegexWork} units of work (characters searched × pattern size)`,
      position,
    );
  }
  if (state.now() - state.started > budget.timeoutMs) {
    throw new BudgetExceeded(`expression ran longer than ${budget.timeoutMs} ms`, position);
  }
}

function onExit(node: jsonata.ExprNode, _input: unknown, _environment: unknown, result: unknown) {
  const state = evaluating;
  if (!state) return;
  state.depth--;
  if (typeof result === 'string' && result.length > state.budget.maxStringLength) {
    throw new BudgetExceeded(
      `expression built a string longer than ${state.budget.maxStringLength}`,
      node.position,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Facts about the run, read as `$run`. */
export interface RunInfo {
  runId: string;
  flowId: string;
  tenantId: string;
  /** ISO 8601 start time of the run. */
  startedAt: string;
  [key: string]: unknown;
}

/** The read-only data an expression sees. Each field is bound as a JSONata variable. */
export interface ExpressionContext {
  /** `$trigger`: the payload that started the run. */
  trigger?: unknown;
  /** `$node.<name>.output`: outputs of nodes that already ran, by node name. */
  node?: Record<string, { output: unknown }>;
  /** `$item` / `$index`: the current element inside a loop body. */
  item?: unknown;
  index?: number;
  run?: RunInfo;
  /** `$vars`: the flow's variables. */
  vars?: Record<string, unknown>;
  /** `$`: the data on the node's input. */
  input?: unknown;
}

export interface EvaluateOptions {
  budget?: Partial<EvaluationBudget>;
  location?: ExpressionLocation;
  /** Clock for the time budget; defaults to `Date.now`. */
  now?: () => number;
  /** Counts steps across evaluations, against `budget.maxSteps`; a fresh one by default. */
  meter?: StepMeter;
}

/**
 * Evaluates one JSONata expression. The result is copied into plain JSON (JSONata's internal
 * sequences and null-prototype objects never leak out); functions become undefined.
 *
 * @throws ExpressionError with the node, param and position when parsing, evaluation or the budget fails.
 */
export function evaluateExpression(
  source: string,
  context: ExpressionContext,
  options: EvaluateOptions = {},
  offset = 0,
): unknown {
  const location = options.location ?? {};
  let expr: SynchronousExpression;
  try {
    expr = compiled(source);
  } catch (error) {
    throw (error as ExpressionError).locate(location, offset);
  }
  const now = options.now ?? Date.now;
  const state: BudgetState = {
    budget: { ...DEFAULT_BUDGET, ...options.budget },
    started: now(),
    now,
    meter: options.meter ?? { steps: 0, regexWork: 0 },
    depth: 0,
    regexEngine: linearRegexEngine((work) => chargeRegex(state, work)),
    regexPosition: undefined,
  };
  const bindings = {
    trigger: context.trigger,
    node: context.node ?? {},
    item: context.item,
    index: context.index,
    run: context.run,
    vars: context.vars ?? {},
  };
  let result: unknown;
  const outer = evaluating;
  evaluating = state;
  try {
    result = expr.evaluate(context.input, bindings);
  } catch (error) {
    const own = ownError(error);
    if (own)
      throw new ExpressionError(own.code, own.message, shift(own.position, offset), location);
    const e = error as JsonataErrorLike;
    const budgetCode = e.code === 'D2014' || e.code === 'D2015' || error instanceof RangeError;
    throw new ExpressionError(
      budgetCode ? 'EXPRESSION_BUDGET' : 'EXPRESSION_EVALUATION',
      e.message ?? String(error),
      shift(e.position, offset),
      location,
      e.code,
    );
  } finally {
    evaluating = outer;
  }
  return toPlainJson(result);
}

const shift = (position: number | undefined, offset: number) =>
  position === undefined ? undefined : position + offset;

/** Evaluates a parsed template: the raw value for a whole expression, a string otherwise. */
export function evaluateTemplate(
  template: Template,
  context: ExpressionContext,
  options: EvaluateOptions = {},
): unknown {
  if (template.kind === 'expression') {
    return evaluateExpression(template.source, context, options, template.offset);
  }
  let text = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    text += stringify(evaluateExpression(part.source, context, options, part.offset));
  }
  return text;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function toPlainJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' ? undefined : value;
  }
  if (Array.isArray(value)) return value.map(toPlainJson);
  // fromEntries defines own properties, so a "__proto__" key stays data instead of a prototype.
  return Object.fromEntries(
    Object.keys(value)
      .map((k) => [k, toPlainJson((value as Record<string, unknown>)[k])] as const)
      .filter(([, v]) => v !== undefined),
  );
}

// ---------------------------------------------------------------------------------------------
// References, for autocomplete and for validating node names and output fields.

export type ExpressionReference =
  | { kind: 'node'; name: string; path: string[]; position: number }
  | { kind: 'trigger'; path: string[]; position: number }
  | { kind: 'vars'; name: string | undefined; position: number }
  | { kind: 'run'; field: string | undefined; position: number }
  | { kind: 'item'; path: string[]; position: number }
  | { kind: 'index'; position: number };

interface AstNode {
  type?: string;
  value?: unknown;
  position?: number;
  steps?: AstNode[];
  [key: string]: unknown;
}

/**
 * Lists what an expression reads from the context: `$node.<name>.output.<fields>`, `$trigger.<fields>`,
 * `$vars.<name>`, `$run.<field>`, `$item`, `$index`. Paths stop at the first step that is not a
 * plain field name. Positions are relative to the expression source.
 *
 * @throws ExpressionError (`EXPRESSION_SYNTAX`) if the expression does not parse.
 */
export function expressionReferences(source: string): ExpressionReference[] {
  return referencesOf(source).map((r) => ({ ...r }));
}

const references = new Map<string, readonly ExpressionReference[]>();

/** Cached and shared: callers must not modify the result. */
export function referencesOf(source: string): readonly ExpressionReference[] {
  let refs = references.get(source);
  if (!refs) {
    const found: ExpressionReference[] = [];
    walk(expressionAst(source) as AstNode, found);
    refs = found;
    if (references.size >= CACHE_LIMIT) references.clear();
    references.set(source, refs);
  }
  return refs;
}

function walk(node: unknown, refs: ExpressionReference[]): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, refs);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as AstNode;
  if (n.type === 'path' && n.steps?.[0]?.type === 'variable') {
    const [head, ...rest] = n.steps as [AstNode, ...AstNode[]];
    const names: string[] = [];
    for (const step of rest) {
      if (step.type !== 'name' || typeof step.value !== 'string') break;
      names.push(step.value);
    }
    record(String(head.value), names, start(head), refs);
    walkChildren(head, refs);
    walk(rest, refs);
    return;
  }
  if (n.type === 'variable') record(String(n.value), [], start(n), refs);
  walkChildren(n, refs);
}

function walkChildren(node: AstNode, refs: ExpressionReference[]): void {
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'value' && typeof value === 'object') walk(value, refs);
  }
}

// JSONata records a token's end; the user wants to see where `$name` starts.
const start = (node: AstNode) => Math.max(0, (node.position ?? 0) - String(node.value).length - 1);

function record(
  variable: string,
  names: string[],
  position: number,
  refs: ExpressionReference[],
): void {
  switch (variable) {
    case 'node':
      // `$node.X.output.a` — anything else under `$node.X` is not a field we can check.
      if (names[0] !== undefined) {
        refs.push({
          kind: 'node',
          name: names[0],
          path: names[1] === 'output' ? names.slice(2) : [],
          position,
        });
      }
      return;
    case 'trigger':
      refs.push({ kind: 'trigger', path: names, position });
      return;
    case 'vars':
      refs.push({ kind: 'vars', name: names[0], position });
      return;
    case 'run':
      refs.push({ kind: 'run', field: names[0], position });
      return;
    case 'item':
      refs.push({ kind: 'item', path: names, position });
      return;
    case 'index':
      refs.push({ kind: 'index', position });
      return;
  }
}
