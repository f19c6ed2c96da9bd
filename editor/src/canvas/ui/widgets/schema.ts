import type { JsonSchema, JsonValue } from '@bizosaas/shared';

// Reading the params JSON Schema that zod emits: the widgets and the registry's choice share these.

export const isObject = (v: unknown): v is Record<string, JsonValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const asSchema = (v: unknown): JsonSchema => (isObject(v) ? (v as JsonSchema) : {});

export const typeOf = (s: JsonSchema): string | undefined =>
  typeof s.type === 'string' ? s.type : undefined;

export const humanize = (key: string) =>
  key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

/** A value the user typed as an expression (resolved at run time) rather than a fixed value. */
export const holdsExpression = (value: JsonValue | undefined) =>
  typeof value === 'string' && value.includes('{{');

/** The variants of a union (`z.union`, `z.discriminatedUnion`), if the schema is one. */
export function variantsOf(schema: JsonSchema): unknown[] | undefined {
  const variants = schema.anyOf ?? schema.oneOf;
  return Array.isArray(variants) ? variants : undefined;
}

/** The property every variant fixes to a constant (the union's tag), if there is one. */
export function discriminator(variants: unknown[]): string | undefined {
  const first = asSchema(variants[0]);
  const props = isObject(first.properties) ? first.properties : {};
  return Object.keys(props).find((key) =>
    variants.every((v) => {
      const p = asSchema(asSchema(v).properties)[key];
      return isObject(p) && 'const' in p;
    }),
  );
}

/** The vendor option list a param's JSON Schema names (`.meta({ options: 'channels' })`), if any. */
export function optionsLoaderOf(schema: JsonSchema): string | undefined {
  return typeof schema.options === 'string' ? schema.options : undefined;
}
