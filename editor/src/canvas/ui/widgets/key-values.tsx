import { useId, useState } from 'react';
import { asSchema, isObject, typeOf } from './schema';
import type { Widget, WidgetProps } from './types';

/** A record (`z.record`): named entries, renamed, removed and added by name. */
function KeyValues({ schema, path, label, value, onChange, problems, scope, Field }: WidgetProps) {
  const entries = Object.entries(isObject(value) ? value : {});
  const valueSchema = asSchema(schema.additionalProperties);
  const [draftKey, setDraftKey] = useState('');
  const addId = useId();
  const rename = (from: string, to: string) =>
    onChange(Object.fromEntries(entries.map(([k, v]) => (k === from ? [to, v] : [k, v]))));
  return (
    <fieldset className="fieldset">
      <legend>{label}</legend>
      {entries.map(([key, v], index) => (
        <div className="record-row" key={index}>
          <input
            className="input mono record-key"
            aria-label={`${label}: name of entry ${index + 1}`}
            value={key}
            onChange={(e) => rename(key, e.target.value)}
          />
          <Field
            schema={valueSchema}
            path={[...path, key]}
            label={key}
            value={v}
            required
            problems={problems}
            scope={scope}
            onChange={(next) =>
              onChange(
                Object.fromEntries(entries.map(([k, old]) => [k, k === key ? (next ?? '') : old])),
              )
            }
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${key}`}
            onClick={() => onChange(Object.fromEntries(entries.filter(([k]) => k !== key)))}
          >
            ×
          </button>
        </div>
      ))}
      <form
        className="record-add"
        onSubmit={(e) => {
          e.preventDefault();
          const key = draftKey.trim();
          if (key === '' || entries.some(([k]) => k === key)) return;
          onChange({
            ...Object.fromEntries(entries),
            [key]: typeOf(valueSchema) === 'number' ? 0 : '',
          });
          setDraftKey('');
        }}
      >
        <label htmlFor={addId} className="visually-hidden">
          New entry name for {label}
        </label>
        <input
          id={addId}
          className="input mono"
          placeholder="name"
          value={draftKey}
          onChange={(e) => setDraftKey(e.target.value)}
        />
        <button type="submit" className="button">
          Add
        </button>
      </form>
    </fieldset>
  );
}

export const keyValuesWidget: Widget = { layout: 'group', Component: KeyValues };
