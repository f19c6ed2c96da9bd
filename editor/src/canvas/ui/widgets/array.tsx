import { asSchema, typeOf } from './schema';
import type { Widget, WidgetProps } from './types';

/** A list (`z.array`): one field per item, added and removed, or one expression instead. */
function List({ schema, path, label, value, onChange, problems, scope, Field }: WidgetProps) {
  const items = Array.isArray(value) ? value : [];
  const itemSchema = asSchema(schema.items);
  return (
    <fieldset className="fieldset">
      <legend>{label}</legend>
      {items.map((item, index) => (
        <div className="record-row" key={index}>
          <Field
            schema={itemSchema}
            path={[...path, String(index)]}
            label={`${label} ${index + 1}`}
            value={item}
            required
            problems={problems}
            scope={scope}
            onChange={(next) =>
              onChange(items.map((old, i) => (i === index ? (next ?? null) : old)))
            }
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${label} ${index + 1}`}
            onClick={() => onChange(items.filter((_, i) => i !== index))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button"
        onClick={() => onChange([...items, typeOf(itemSchema) === 'number' ? 0 : ''])}
      >
        Add item
      </button>
      <button type="button" className="link-button" onClick={() => onChange('{{  }}')}>
        Use an expression
      </button>
    </fieldset>
  );
}

export const arrayWidget: Widget = { layout: 'group', Component: List };
