import { z } from 'zod';
import {
  outputJsonSchema,
  paramsJsonSchema,
  rememberJsonSchema,
  type JsonSchema,
} from './json-schema.js';
import { nodeTypeKey, type InputPort, type NodeType } from './node-type.js';

/**
 * A node type as plain JSON, with its params and output ports as JSON Schemas: what the server's
 * `catalog.list` sends and the editor draws, validates and builds forms from. A node's functions
 * (a control node's `evaluate`, a join's mode, a loop's concurrency) are not sent: they matter
 * only where a flow is compiled and run, never on the canvas.
 */
export interface NodeTypeDescription
  extends Pick<
    NodeType,
    'key' | 'type' | 'version' | 'kind' | 'title' | 'description' | 'category' | 'icon'
  > {
  connectionType: string | null;
  connectionOptional: boolean;
  triggers: string[] | null;
  container: { bodyOutput: string } | null;
  inputs: InputPort[];
  outputs: { name: string; title: string; schema: JsonSchema }[];
  paramsSchema: JsonSchema;
}

/** A node type as plain JSON (see `NodeTypeDescription`). */
export function describeNodeType(t: NodeType): NodeTypeDescription {
  return {
    key: t.key,
    type: t.type,
    version: t.version,
    kind: t.kind,
    title: t.title,
    description: t.description,
    category: t.category,
    icon: t.icon,
    connectionType: t.connectionType ?? null,
    connectionOptional: t.connectionOptional ?? false,
    triggers: t.triggers ? [...t.triggers] : null,
    container: t.container ? { bodyOutput: t.container.bodyOutput } : null,
    inputs: t.inputs.map((p) => ({ ...p })),
    outputs: t.outputs.map((o) => ({
      name: o.name,
      title: o.title ?? o.name,
      schema: outputJsonSchema(t, o.name) ?? {},
    })),
    paramsSchema: paramsJsonSchema(t),
  };
}

function fromJsonSchema(json: JsonSchema, io: 'input' | 'output'): z.ZodType {
  const schema = z.fromJSONSchema(json);
  rememberJsonSchema(schema, io, json);
  return schema;
}

/**
 * A node type rebuilt from its description, with zod schemas made from its JSON Schemas: it
 * validates params as far as JSON Schema says (a zod refinement across fields is the server's
 * to check, on save and publish) and yields the very JSON Schemas sent for forms and autocomplete.
 */
export function nodeTypeFromDescription(d: NodeTypeDescription): NodeType {
  if (d.key !== nodeTypeKey(d.type, d.version))
    throw new Error(`node type ${d.key} does not match its type and version`);
  return Object.freeze({
    key: d.key,
    type: d.type,
    version: d.version,
    kind: d.kind,
    title: d.title,
    description: d.description,
    category: d.category,
    icon: d.icon,
    params: fromJsonSchema(d.paramsSchema, 'input'),
    inputs: d.inputs,
    outputs: d.outputs.map((o) => ({
      name: o.name,
      title: o.title,
      schema: fromJsonSchema(o.schema, 'output'),
    })),
    ...(d.connectionType === null ? {} : { connectionType: d.connectionType }),
    ...(d.connectionOptional ? { connectionOptional: true } : {}),
    ...(d.triggers === null ? {} : { triggers: d.triggers }),
    ...(d.container === null ? {} : { container: d.container }),
  });
}
