import type { ComponentType } from 'react';
import type { JsonSchema, JsonValue, Problem } from '@bizosaas/shared';
import type { ExpressionScope } from '../../expression/completions';
import { FieldProblems } from './field-problems';
import { asSchema, humanize, isObject } from './schema';
import type { FieldProps, Widget, WidgetProps } from './types';

/** The fields of an object's properties, each labelled by its title or its humanized key. */
export function ObjectFields({
  schema,
  path,
  value,
  onChange,
  problems,
  scope,
  Field,
}: {
  schema: JsonSchema;
  path: string[];
  value: JsonValue | undefined;
  onChange(value: JsonValue): void;
  problems: readonly Problem[];
  scope: () => ExpressionScope;
  Field: ComponentType<FieldProps>;
}) {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const current = isObject(value) ? value : {};
  return (
    <>
      {Object.entries(properties).map(([key, sub]) => (
        <Field
          key={key}
          schema={asSchema(sub)}
          path={[...path, key]}
          label={
            typeof asSchema(sub).title === 'string'
              ? (asSchema(sub).title as string)
              : humanize(key)
          }
          value={current[key]}
          required={required.has(key)}
          problems={problems}
          scope={scope}
          onChange={(v) => {
            const next = { ...current };
            if (v === undefined) delete next[key];
            else next[key] = v;
            onChange(next);
          }}
        />
      ))}
    </>
  );
}

/** An object with known properties (`z.object`): a fieldset of its fields. */
function ObjectGroup({
  schema,
  path,
  label,
  value,
  onChange,
  problems,
  scope,
  own,
  errorId,
  Field,
}: WidgetProps) {
  return (
    <fieldset className="fieldset">
      <legend>{label}</legend>
      <ObjectFields
        schema={schema}
        path={path}
        value={value}
        onChange={onChange}
        problems={problems}
        scope={scope}
        Field={Field}
      />
      <FieldProblems id={errorId} problems={own} />
    </fieldset>
  );
}

export const objectWidget: Widget = { layout: 'group', Component: ObjectGroup };
