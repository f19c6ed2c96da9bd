import type { JsonSchema } from '@bizosaas/shared';

/** What an expression can read, as the completion source sees it. */
export interface ExpressionScope {
  /** Upstream nodes by name, with the JSON Schema of their main output. */
  nodes: { name: string; title: string; output: JsonSchema | undefined }[];
  variables: string[];
  inLoop: boolean;
}

export interface Suggestion {
  label: string;
  /** Text inserted in place of the word being typed. */
  apply: string;
  detail: string;
  type: 'variable' | 'property' | 'keyword';
}

const ROOTS: Suggestion[] = [
  { label: '$trigger', apply: '$trigger', detail: 'trigger payload', type: 'variable' },
  { label: '$node', apply: '$node', detail: 'outputs of upstream nodes', type: 'variable' },
  { label: '$vars', apply: '$vars', detail: 'flow variables', type: 'variable' },
  { label: '$run', apply: '$run', detail: 'run id, flow id, started at', type: 'variable' },
];
const RUN_FIELDS = ['runId', 'flowId', 'tenantId', 'startedAt'];
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A field step in JSONata: plain when it is an identifier, backticked otherwise. */
export const fieldStep = (name: string) =>
  IDENT.test(name) ? name : `\`${name.replaceAll('`', '')}\``;

/**
 * Suggestions for the path being typed at the end of `before` (the text left of the cursor), with
 * `from`: where the replaced word starts. Paths follow `$node.<name>.output.<fields>` through the
 * upstream node's output schema, so autocomplete offers exactly what the validator accepts.
 */
export function suggest(
  before: string,
  scope: ExpressionScope,
): { from: number; options: Suggestion[] } | undefined {
  const match = /(\$[A-Za-z_]*(?:\.(?:`[^`]*`|[A-Za-z0-9_]*))*)$/.exec(before);
  if (!match) return undefined;
  const path = match[1] as string;
  const steps = splitSteps(path);
  const word = steps[steps.length - 1] as string;
  const from = before.length - word.length;
  const head = steps.slice(0, -1);
  const filter = (options: Suggestion[]) =>
    options.filter((o) => o.label.toLowerCase().startsWith(word.replaceAll('`', '').toLowerCase()));

  if (head.length === 0) {
    const roots = scope.inLoop
      ? [
          ...ROOTS,
          {
            label: '$item',
            apply: '$item',
            detail: 'current loop element',
            type: 'variable' as const,
          },
          { label: '$index', apply: '$index', detail: 'loop index', type: 'variable' as const },
        ]
      : ROOTS;
    return {
      from: before.length - path.length,
      options: roots.filter((o) => o.label.startsWith(path)),
    };
  }
  const [root, ...rest] = head as [string, ...string[]];
  if (root === '$node') {
    if (rest.length === 0)
      return {
        from,
        options: filter(
          scope.nodes.map((n) => ({
            label: n.name,
            apply: fieldStep(n.name),
            detail: n.title,
            type: 'property',
          })),
        ),
      };
    const node = scope.nodes.find((n) => n.name === unquote(rest[0] as string));
    if (!node) return undefined;
    if (rest.length === 1)
      return {
        from,
        options: filter([
          { label: 'output', apply: 'output', detail: `output of ${node.name}`, type: 'property' },
        ]),
      };
    if (rest[1] !== 'output') return undefined;
    return { from, options: filter(fieldsAt(node.output, rest.slice(2).map(unquote))) };
  }
  if (root === '$vars' && rest.length === 0)
    return {
      from,
      options: filter(
        scope.variables.map((v) => ({
          label: v,
          apply: fieldStep(v),
          detail: 'variable',
          type: 'property',
        })),
      ),
    };
  if (root === '$run' && rest.length === 0)
    return {
      from,
      options: filter(
        RUN_FIELDS.map((f) => ({ label: f, apply: f, detail: 'run', type: 'property' })),
      ),
    };
  return undefined;
}

function splitSteps(path: string): string[] {
  const steps: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of path) {
    if (c === '`') quoted = !quoted;
    if (c === '.' && !quoted) {
      steps.push(current);
      current = '';
    } else current += c;
  }
  steps.push(current);
  return steps;
}

const unquote = (step: string) => step.replace(/^`|`$/g, '');

/** The fields a schema declares at a path; arrays are stepped through as JSONata does. */
function fieldsAt(schema: unknown, path: string[]): Suggestion[] {
  let current = schema;
  for (const step of path) current = property(current, step);
  return Object.entries(properties(current)).map(([name, sub]) => ({
    label: name,
    apply: fieldStep(name),
    detail: describe(sub),
    type: 'property',
  }));
}

function properties(schema: unknown): Record<string, unknown> {
  if (typeof schema !== 'object' || schema === null) return {};
  const s = schema as JsonSchema;
  if (s.items) return properties(s.items);
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants)) return Object.assign({}, ...variants.map(properties));
  return typeof s.properties === 'object' && s.properties !== null
    ? (s.properties as Record<string, unknown>)
    : {};
}

function property(schema: unknown, name: string): unknown {
  return properties(schema)[name];
}

function describe(schema: unknown): string {
  if (typeof schema !== 'object' || schema === null) return 'any';
  const type = (schema as JsonSchema).type;
  return typeof type === 'string' ? type : Array.isArray(type) ? type.join(' | ') : 'any';
}
