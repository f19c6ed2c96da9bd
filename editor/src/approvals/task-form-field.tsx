import { useId } from 'react';
import type { Outputs } from '../api/client';

type Field = Outputs['approvals']['get']['form'][number];

/** One field of a task's form, by its declared type (the form is data, never written per task). */
export function TaskFormField({
  field,
  value,
  onChange,
}: {
  field: Field;
  value: unknown;
  onChange(value: unknown): void;
}) {
  const id = useId();
  const label = (
    <label htmlFor={id} className="field-label">
      {field.label}
      {field.required && ' *'}
    </label>
  );
  if (field.type === 'boolean')
    return (
      <div className="field field-inline">
        <input
          id={id}
          type="checkbox"
          className="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </div>
    );
  return (
    <div className="field">
      {label}
      {field.type === 'select' ? (
        <select
          id={id}
          className="input"
          required={field.required}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          <option value="">Choose…</option>
          {field.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      ) : field.type === 'textarea' ? (
        <textarea
          id={id}
          className="input"
          rows={3}
          required={field.required}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          id={id}
          className="input"
          required={field.required}
          type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          onChange={(e) =>
            onChange(
              field.type === 'number'
                ? e.target.value === ''
                  ? undefined
                  : Number(e.target.value)
                : e.target.value,
            )
          }
        />
      )}
    </div>
  );
}
