import type { GbnfJsonSchema } from 'node-llama-cpp';

/**
 * JSON Schema (as zod, connectors and LangChain tools produce it) narrowed to the subset
 * node-llama-cpp turns into a grammar. Where the grammar cannot say something, the schema is
 * widened, never narrowed, so every value the original accepts still fits:
 * - the grammar makes every listed property required, so an optional one becomes nullable here and
 *   `dropAbsentOptionals` removes those nulls from the answer afterwards;
 * - numeric bounds, patterns and most string formats are not grammar rules and are left out (the
 *   tool's own validation still applies them);
 * - `$ref`s are inlined; a recursive one ends as "any JSON value".
 */
export type JsonSchema = Record<string, unknown>;

const IMMUTABLE_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);
const GRAMMAR_STRING_FORMATS = new Set(['date-time', 'time', 'date']);
const MAX_REF_DEPTH = 8;

const ANY_VALUE: GbnfJsonSchema = {
  oneOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'object', additionalProperties: true },
    { type: 'array' },
  ],
};
const NULL_SCHEMA: GbnfJsonSchema = { type: 'null' };

export function toGrammarSchema(schema: JsonSchema): GbnfJsonSchema {
  return convert(schema, { root: schema, refDepth: 0 });
}

interface Scope {
  root: JsonSchema;
  refDepth: number;
}

function convert(schema: unknown, scope: Scope): GbnfJsonSchema {
  if (schema === true || schema === undefined) return ANY_VALUE;
  if (!isObject(schema)) return ANY_VALUE;
  if (typeof schema.$ref === 'string') return convertRef(schema.$ref, scope);
  if ('const' in schema) return { const: schema.const as string | number | boolean | null };
  if (Array.isArray(schema.enum))
    return { enum: schema.enum as (string | number | boolean | null)[] };
  const alternatives = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives)) return oneOf(alternatives.map((item) => convert(item, scope)));
  if (Array.isArray(schema.allOf))
    return convert(mergeAll(schema.allOf as JsonSchema[], schema), scope);
  const nullable = schema.nullable === true;
  const converted = convertTyped(schema, scope);
  return nullable ? oneOf([converted, NULL_SCHEMA]) : converted;
}

function convertTyped(schema: JsonSchema, scope: Scope): GbnfJsonSchema {
  const type = schema.type ?? inferType(schema);
  if (Array.isArray(type)) {
    if (type.every((item) => IMMUTABLE_TYPES.has(String(item))) && !hasStringConstraints(schema)) {
      return { type: type as ('string' | 'number' | 'integer' | 'boolean' | 'null')[] };
    }
    return oneOf(type.map((item) => convertTyped({ ...schema, type: item }, scope)));
  }
  switch (type) {
    case 'string':
      return convertString(schema);
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return { type: type as 'number' | 'integer' | 'boolean' | 'null' };
    case 'object':
      return convertObject(schema, scope);
    case 'array':
      return convertArray(schema, scope);
    default:
      return ANY_VALUE;
  }
}

function convertString(schema: JsonSchema): GbnfJsonSchema {
  if (typeof schema.format === 'string' && GRAMMAR_STRING_FORMATS.has(schema.format)) {
    return { type: 'string', format: schema.format as 'date-time' | 'time' | 'date' };
  }
  return {
    type: 'string',
    ...(typeof schema.minLength === 'number' ? { minLength: schema.minLength } : {}),
    ...(typeof schema.maxLength === 'number' ? { maxLength: schema.maxLength } : {}),
  };
}

function convertObject(schema: JsonSchema, scope: Scope): GbnfJsonSchema {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const converted: Record<string, GbnfJsonSchema> = {};
  for (const [key, value] of Object.entries(properties)) {
    const property = convert(value, scope);
    converted[key] =
      required.has(key) || allowsNull(value, scope.root)
        ? property
        : oneOf([property, NULL_SCHEMA]);
  }
  const extra = schema.additionalProperties;
  // A map (z.record) has no listed properties: its values are what additionalProperties says.
  const additionalProperties =
    extra === false
      ? false
      : isObject(extra)
        ? convert(extra, scope)
        : Object.keys(converted).length === 0;
  return { type: 'object', properties: converted, additionalProperties };
}

function convertArray(schema: JsonSchema, scope: Scope): GbnfJsonSchema {
  const prefixItems = Array.isArray(schema.prefixItems)
    ? schema.prefixItems.map((item) => convert(item, scope))
    : undefined;
  // `items: false` closes a tuple; the grammar has no such rule (an item past the prefix would be
  // any value), so the tuple's length becomes its most items.
  const closed = schema.items === false && prefixItems !== undefined;
  const maxItems = closed
    ? Math.min(prefixItems.length, typeof schema.maxItems === 'number' ? schema.maxItems : Infinity)
    : schema.maxItems;
  return {
    type: 'array',
    ...(schema.items !== undefined && !closed && !Array.isArray(schema.items)
      ? { items: convert(schema.items, scope) }
      : {}),
    ...(prefixItems ? { prefixItems } : {}),
    ...(typeof schema.minItems === 'number' ? { minItems: schema.minItems } : {}),
    ...(typeof maxItems === 'number' ? { maxItems } : {}),
  };
}

function convertRef(ref: string, scope: Scope): GbnfJsonSchema {
  if (scope.refDepth >= MAX_REF_DEPTH) return ANY_VALUE;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const defs = match ? scope.root[match[1]!] : undefined;
  const target =
    match && isObject(defs)
      ? defs[decodeURIComponent(match[2]!)]
      : ref === '#'
        ? scope.root
        : undefined;
  if (target === undefined) return ANY_VALUE;
  return convert(target, { root: scope.root, refDepth: scope.refDepth + 1 });
}

/** The properties of an allOf's object parts, merged: enough for zod's intersections. */
function mergeAll(parts: JsonSchema[], outer: JsonSchema): JsonSchema {
  const { allOf: _allOf, ...rest } = outer;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const part of parts) {
    if (isObject(part.properties)) Object.assign(properties, part.properties);
    if (Array.isArray(part.required)) required.push(...(part.required as string[]));
  }
  if (Object.keys(properties).length === 0 && parts.length === 1) return { ...parts[0], ...rest };
  return { type: 'object', ...rest, properties, required, additionalProperties: false };
}

function inferType(schema: JsonSchema): string | undefined {
  if (isObject(schema.properties) || schema.additionalProperties !== undefined) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  return undefined;
}

function hasStringConstraints(schema: JsonSchema): boolean {
  return (
    schema.minLength !== undefined || schema.maxLength !== undefined || schema.format !== undefined
  );
}

function oneOf(items: GbnfJsonSchema[]): GbnfJsonSchema {
  return items.length === 1 ? items[0]! : { oneOf: items };
}

/**
 * Removes the nulls the grammar had to allow for optional properties (see `toGrammarSchema`), so
 * the arguments are what the tool's own schema expects; a null the original schema allows stays.
 */
export function dropAbsentOptionals(
  value: unknown,
  schema: unknown,
  root: JsonSchema = schema as JsonSchema,
): unknown {
  if (!isObject(schema)) return value;
  if (Array.isArray(value)) {
    const items = arrayItems(schema, root);
    return items === undefined
      ? value
      : value.map((item) => dropAbsentOptionals(item, items, root));
  }
  if (!isObject(value)) return value;
  const { properties, required } = objectShape(schema, root);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const schemas = properties.get(key) ?? [undefined];
    if (item === null && !required.has(key) && !schemas.some((part) => allowsNull(part, root)))
      continue;
    out[key] = dropAbsentOptionals(
      item,
      schemas.length === 1 ? schemas[0] : { allOf: schemas },
      root,
    );
  }
  return out;
}

interface ObjectShape {
  /** Each property's schemas, one per part that lists it. */
  properties: Map<string, unknown[]>;
  required: Set<string>;
}

/**
 * What an object schema lists and requires, through $refs, an allOf's parts and a union's
 * alternatives, merged as the grammar lets them be: a key that any part requires or lets be null
 * keeps its null.
 */
function objectShape(
  schema: JsonSchema,
  root: JsonSchema,
  shape: ObjectShape = { properties: new Map(), required: new Set() },
  depth = 0,
): ObjectShape {
  if (depth > MAX_REF_DEPTH) return shape;
  const resolved = resolveRef(schema, root);
  if (isObject(resolved.properties)) {
    for (const [key, property] of Object.entries(resolved.properties)) {
      shape.properties.set(key, [...(shape.properties.get(key) ?? []), property]);
    }
  }
  if (Array.isArray(resolved.required)) {
    for (const key of resolved.required) shape.required.add(String(key));
  }
  for (const part of subschemas(resolved)) objectShape(part, root, shape, depth + 1);
  return shape;
}

/** An array schema's item schema, through $refs and the parts of an allOf or a union. */
function arrayItems(schema: JsonSchema, root: JsonSchema, depth = 0): unknown {
  if (depth > MAX_REF_DEPTH) return undefined;
  const resolved = resolveRef(schema, root);
  if (isObject(resolved.items)) return resolved.items;
  for (const part of subschemas(resolved)) {
    const items = arrayItems(part, root, depth + 1);
    if (items !== undefined) return items;
  }
  return undefined;
}

function subschemas(schema: JsonSchema): JsonSchema[] {
  return [schema.allOf, schema.anyOf, schema.oneOf].flatMap((list) =>
    Array.isArray(list) ? list.filter(isObject) : [],
  );
}

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (typeof schema.$ref !== 'string') return schema;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(schema.$ref);
  const defs = match ? root[match[1]!] : undefined;
  const target = match && isObject(defs) ? defs[decodeURIComponent(match[2]!)] : undefined;
  return isObject(target) ? target : schema;
}

function allowsNull(schema: unknown, root: JsonSchema): boolean {
  if (!isObject(schema)) return schema === undefined || schema === true;
  const resolved = resolveRef(schema, root);
  if (resolved.nullable === true || resolved.type === 'null') return true;
  if (Array.isArray(resolved.type) && resolved.type.includes('null')) return true;
  if ('const' in resolved) return resolved.const === null;
  if (Array.isArray(resolved.enum)) return resolved.enum.includes(null);
  const alternatives = (resolved.anyOf ?? resolved.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives)) return alternatives.some((item) => allowsNull(item, root));
  return resolved.type === undefined && inferType(resolved) === undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
