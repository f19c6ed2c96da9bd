import type { z } from 'zod';
import { paramsJsonSchema, type JsonSchema } from './json-schema.js';
import type { NodeType } from './node-type.js';

/** One thing wrong with a node's params, in the words the inspector uses for the field. */
export interface ParamIssue {
  /** Where in the params, as zod reports it. */
  path: (string | number)[];
  /** The same path dotted (`body.raw`), as `Problem.param` carries it. */
  param: string;
  /** The field's label as the inspector shows it, parents first: "Body › Raw". */
  label: string;
  /** What is wrong, as the end of a sentence about the field: "is required". */
  message: string;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'on or off (true or false)',
  object: 'a group of fields',
  array: 'a list',
  record: 'a group of named values',
  date: 'a date',
};

const list = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? '' : 's'}`;

/**
 * Zod's error customisation for params: each issue becomes the end of a sentence whose subject
 * is the field's label ("URL" + " is required"). Codes it does not know keep zod's own message.
 */
const sentence: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null
        ? 'is required'
        : `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const n = issue.minimum;
      if (issue.origin === 'string')
        return n === 1 && issue.input === ''
          ? 'is required'
          : `must be at least ${plural(n, 'character')} long`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `needs at least ${plural(n, 'item')}`;
      return issue.inclusive ? `must be at least ${n}` : `must be more than ${n}`;
    }
    case 'too_big': {
      const n = issue.maximum;
      if (issue.origin === 'string') return `must be at most ${plural(n, 'character')} long`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `can have at most ${plural(n, 'item')}`;
      return issue.inclusive ? `must be at most ${n}` : `must be less than ${n}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of: ${list(issue.values)}`;
    case 'invalid_format':
      return issue.format === 'url'
        ? 'must be a full URL (https://…)'
        : issue.format === 'email'
          ? 'must be an email address'
          : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `has fields it does not know: ${list(issue.keys)}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return Array.isArray(options) && options.length > 0
        ? `must be one of: ${list(options)}`
        : 'is none of the accepted forms';
    }
    default:
      return undefined;
  }
};

/** The inspector's label for a key without a title: `timeoutMs` → "Timeout ms". */
export const humanizeKey = (key: string) =>
  key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

const isSchema = (v: unknown): v is JsonSchema =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema of one property of an object schema, looking through unions' branches. */
function propertyOf(schema: JsonSchema, key: string): JsonSchema | undefined {
  const properties = schema.properties;
  if (isSchema(properties) && isSchema(properties[key])) return properties[key];
  for (const union of ['anyOf', 'oneOf'] as const) {
    const branches = schema[union];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const found = isSchema(branch) ? propertyOf(branch, key) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** Labels along a params path, as the generated form titles its fields and list entries. */
function labelOf(root: JsonSchema, path: readonly (string | number)[]): string {
  const parts: string[] = [];
  let schema: JsonSchema | undefined = root;
  for (const key of path) {
    if (typeof key === 'number') {
      const items: unknown = schema?.items;
      parts.push(`${parts.pop() ?? 'Item'} ${key + 1}`);
      schema = isSchema(items) ? items : undefined;
      continue;
    }
    const property = schema ? propertyOf(schema, key) : undefined;
    if (property) {
      parts.push(typeof property.title === 'string' ? property.title : humanizeKey(key));
      schema = property;
      continue;
    }
    // An entry of a record is named by its key, as the form shows it.
    const additional: unknown = schema?.additionalProperties;
    parts.push(isSchema(additional) ? key : humanizeKey(key));
    schema = isSchema(additional) ? additional : undefined;
  }
  return parts.join(' › ');
}

/** The label of the param at `path` ("Body › Raw"), as the inspector titles that field. */
export function paramLabel(nodeType: NodeType, path: readonly (string | number)[]): string {
  return labelOf(paramsJsonSchema(nodeType), path);
}

/** Checks params against the node type's schema; on failure, each issue in a user's words. */
export function checkParams(
  nodeType: NodeType,
  params: unknown,
): { success: true; data: unknown } | { success: false; issues: ParamIssue[] } {
  // Valid params are the common case, and a parse given an error map runs about four times
  // slower in zod even when it succeeds: the sentences are only asked for once a parse has failed.
  const valid = nodeType.params.safeParse(params);
  if (valid.success) return { success: true, data: valid.data };
  // The same input fails the same way: this parse only words its issues.
  const { error } = nodeType.params.safeParse(params, { error: sentence });
  const schema = paramsJsonSchema(nodeType);
  return {
    success: false,
    issues: (error?.issues ?? []).map((issue) => {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      return { path, param: path.join('.'), label: labelOf(schema, path), message: issue.message };
    }),
  };
}

/** One issue as a sentence that names the node and the field: "Fetch order › URL is required". */
export function paramIssueText(nodeName: string, issue: ParamIssue): string {
  return issue.label
    ? `${nodeName} › ${issue.label} ${issue.message}`
    : `${nodeName}: params ${issue.message}`;
}
