import { memo } from 'react';
import type { JsonSchema, JsonValue, Problem } from '@bizosaas/shared';
import type { ExpressionScope } from '../expression/completions';
import { Field } from './widgets/field';
import { ObjectFields } from './widgets/object';

/*
 * The inspector's params form, generated from a node type's params JSON Schema (never written per
 * node). Each param is edited by a widget of ./widgets, chosen from its schema (type, enum, union
 * tag, a ui hint such as `widget` or `options`) by `chooseWidget`: strings and expressions,
 * numbers, booleans, enums, vendor option lists, objects, records, arrays, member lists,
 * discriminated unions; anything else is a JSON value or an expression.
 */

export interface SchemaFormProps {
  schema: JsonSchema;
  value: Record<string, JsonValue>;
  onChange(value: Record<string, JsonValue>): void;
  problems: readonly Problem[];
  /** Read when completion opens, so the form need not re-render as the graph changes. */
  scope: () => ExpressionScope;
}

export const SchemaForm = memo(function SchemaForm({
  schema,
  value,
  onChange,
  problems,
  scope,
}: SchemaFormProps) {
  return (
    <ObjectFields
      schema={schema}
      path={[]}
      value={value}
      onChange={(v) => onChange(v as Record<string, JsonValue>)}
      problems={problems}
      scope={scope}
      Field={Field}
    />
  );
});
