import { z } from 'zod';
import type { NodeType } from './node-type.js';

/** A JSON Schema document (draft 2020-12), as produced by zod's `z.toJSONSchema`. */
export type JsonSchema = { [key: string]: unknown };

/**
 * A richer control than the generated form's default, asked for with `.meta({ widget })` on a
 * param's schema (it lands in the JSON Schema as `widget`). The editor falls back to the default
 * control wherever it cannot offer the widget (e.g. the members of a workspace on a scratch canvas).
 * - `members`: an array of user ids, picked from the workspace's members by name.
 */
export type ParamWidget = 'members';

/** The widget a param's JSON Schema asks for, if any. */
export function paramWidget(schema: JsonSchema): ParamWidget | undefined {
  return schema.widget === 'members' ? schema.widget : undefined;
}

const inputCache = new WeakMap<z.ZodType, JsonSchema>();
const outputCache = new WeakMap<z.ZodType, JsonSchema>();

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const cache = io === 'input' ? inputCache : outputCache;
  let result = cache.get(schema);
  if (!result) {
    // Types JSON Schema cannot express (dates, transforms) become "anything" instead of throwing:
    // the editor still renders a form, and field checks stay permissive rather than wrong.
    result = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
    cache.set(schema, result);
  }
  return result;
}

/**
 * Records the JSON Schema a zod schema was made from (a node type rebuilt from the server's
 * description), so forms and checks read exactly the schema sent, not a round trip of it.
 */
export function rememberJsonSchema(schema: z.ZodType, io: 'input' | 'output', json: JsonSchema) {
  (io === 'input' ? inputCache : outputCache).set(schema, json);
}

/** The JSON Schema of a node type's params, for the editor's generated forms. */
export function paramsJsonSchema(nodeType: NodeType): JsonSchema {
  return toJsonSchema(nodeType.params, 'input');
}

/** The JSON Schema of the data leaving an output port, for autocomplete; undefined for unknown ports. */
export function outputJsonSchema(nodeType: NodeType, port: string): JsonSchema | undefined {
  const output = nodeType.outputs.find((p) => p.name === port);
  return output ? toJsonSchema(output.schema, 'output') : undefined;
}

const isSchema = (v: unknown): v is JsonSchema =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether a JSONata path of field names can yield something on data of this schema. Arrays are
 * transparent (JSONata maps a field step over array elements) and anything the schema leaves open
 * counts as present, so only a field the schema rules out is reported.
 */
export function schemaHasPath(schema: unknown, path: readonly string[]): boolean {
  if (path.length === 0 || schema === true) return true;
  if (!isSchema(schema)) return false;
  const [field, ...rest] = path as [string, ...string[]];
  if ('$ref' in schema) return true;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return options.some((o) => schemaHasPath(o, path));
  }
  const all = schema.allOf;
  if (Array.isArray(all) && all.some((o) => schemaHasPath(o, path))) return true;
  const types = schema.type === undefined ? undefined : [schema.type].flat();
  if (types === undefined && !('properties' in schema) && !('items' in schema)) return true;
  if (types?.includes('array') || 'items' in schema) {
    if (schemaHasPath(schema.items ?? true, path)) return true;
  }
  if (types === undefined || types.includes('object')) {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    if (Object.hasOwn(properties, field)) return schemaHasPath(properties[field], rest);
    const additional = schema.additionalProperties;
    if (additional === undefined || additional === true) return true;
    if (isSchema(additional)) return schemaHasPath(additional, rest);
  }
  return false;
}
