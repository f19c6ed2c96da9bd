import { paramWidget, type JsonSchema, type JsonValue } from '@bizosaas/shared';
import {
  discriminator,
  holdsExpression,
  isObject,
  optionsLoaderOf,
  typeOf,
  variantsOf,
} from './schema';

/** The widgets of the params form, one module each (see registry.ts). */
export type WidgetId =
  | 'vendor-options'
  | 'enum'
  | 'number'
  | 'boolean'
  | 'object'
  | 'key-values'
  | 'members'
  | 'array'
  | 'any-json'
  | 'union'
  | 'expression'
  | 'json';

/** What the page can offer beyond the schema (see `ParamWidgets`): without it, a default control. */
export interface Offered {
  /** The workspace's members, for `widget: 'members'`. */
  members: boolean;
  /** Vendor option lists through the node's connection, for `options: '<loader>'`. */
  vendorOptions: boolean;
}

interface Facts {
  schema: JsonSchema;
  type: string | undefined;
  value: JsonValue | undefined;
  /** The field holds `{{ … }}`: it stays a text field until the user asks for a fixed value. */
  expression: boolean;
  offered: Offered;
}

/**
 * The first rule that matches picks the widget, so a narrower rule stands before a wider one: an
 * option list or an enum before the plain type, a ui hint before its type's default. A value no
 * rule takes (a number in an untagged union) is edited as JSON text.
 */
const RULES: ReadonlyArray<readonly [WidgetId, (f: Facts) => boolean]> = [
  [
    'vendor-options',
    (f) => optionsLoaderOf(f.schema) !== undefined && f.offered.vendorOptions && !f.expression,
  ],
  ['enum', (f) => Array.isArray(f.schema.enum) && !f.expression],
  ['number', (f) => (f.type === 'number' || f.type === 'integer') && !f.expression],
  ['boolean', (f) => f.type === 'boolean' && !f.expression],
  ['object', (f) => f.type === 'object' && isObject(f.schema.properties) && !f.expression],
  ['key-values', (f) => f.type === 'object' && !f.expression],
  [
    'members',
    (f) =>
      f.type === 'array' &&
      paramWidget(f.schema) === 'members' &&
      f.offered.members &&
      !f.expression,
  ],
  ['array', (f) => f.type === 'array' && !f.expression],
  // Any value (`z.unknown()`, a param of several types): one text field read as JSON, which also
  // holds an expression, so it is not swapped for another mid-typing when `{{` appears.
  ['any-json', (f) => f.type === undefined && variantsOf(f.schema) === undefined],
  [
    'union',
    (f) => {
      const variants = variantsOf(f.schema);
      return variants !== undefined && discriminator(variants) !== undefined && !f.expression;
    },
  ],
  [
    'expression',
    (f) =>
      f.type === 'string' || typeof f.value === 'string' || f.value === undefined || f.expression,
  ],
];

/** The widget that edits a param of this schema holding this value. */
export function chooseWidget(
  schema: JsonSchema,
  value: JsonValue | undefined,
  offered: Offered,
): WidgetId {
  const facts: Facts = {
    schema,
    type: typeOf(schema),
    value,
    expression: holdsExpression(value),
    offered,
  };
  return RULES.find(([, matches]) => matches(facts))?.[0] ?? 'json';
}
