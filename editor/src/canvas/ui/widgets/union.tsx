import { useId } from 'react';
import type { JsonSchema, JsonValue } from '@bizosaas/shared';
import { ObjectFields } from './object';
import { asSchema, discriminator, humanize, isObject, variantsOf } from './schema';
import type { Widget, WidgetProps } from './types';

/**
 * A discriminated union (`z.discriminatedUnion`): a select of the tag, then the chosen variant's
 * other fields. Changing the tag starts the value afresh.
 */
function Union(props: WidgetProps) {
  const id = useId();
  const variants = (variantsOf(props.schema) ?? []).map(asSchema);
  // The registry picks this widget only for a union with a tag.
  const key = discriminator(variants) ?? '';
  const current = isObject(props.value) ? props.value : {};
  const options = variants.map((v) => String(asSchema(asSchema(v.properties)[key]).const));
  const chosen = variants[Math.max(0, options.indexOf(String(current[key])))] as JsonSchema;
  return (
    <fieldset className="fieldset">
      <legend>{props.label}</legend>
      <div className="field">
        <label htmlFor={id} className="field-label">
          {humanize(key)}
        </label>
        <select
          id={id}
          className="input"
          value={String(current[key] ?? options[0])}
          onChange={(e) => props.onChange({ [key]: e.target.value })}
        >
          {options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </div>
      <ObjectFields
        schema={{
          ...chosen,
          properties: Object.fromEntries(
            Object.entries(asSchema(chosen.properties)).filter(([k]) => k !== key),
          ),
        }}
        path={props.path}
        value={current}
        onChange={(v) =>
          props.onChange({
            ...(v as Record<string, JsonValue>),
            [key]: current[key] ?? options[0] ?? '',
          })
        }
        problems={props.problems}
        scope={props.scope}
        Field={props.Field}
      />
    </fieldset>
  );
}

export const unionWidget: Widget = { layout: 'group', Component: Union };
