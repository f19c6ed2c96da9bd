import type { JsonSchema } from '@bizosaas/shared';
import { FormField } from '../ui/form-field';

/*
 * A connection's fields, generated from its auth method's credential schema (the JSON Schema the
 * server derives from the connector's zod schema, as the inspector's params form is). Plain values
 * only, never expressions: credentials are typed in once, not computed per run. Secret fields are
 * password inputs and never show what is stored.
 */

export type CredentialValues = Record<string, string | number | boolean>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const humanize = (key: string) =>
  key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

export function CredentialFields({
  schema,
  secretFields,
  values,
  onChange,
  storedSecrets = [],
}: {
  schema: JsonSchema;
  secretFields: readonly string[];
  values: CredentialValues;
  onChange(values: CredentialValues): void;
  /** Secret fields already stored (editing): left empty, they keep their value. */
  storedSecrets?: readonly string[];
}) {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  // An emptied field is left out, as one never typed in.
  const set = (key: string, value: string | number | boolean) => {
    const next = { ...values };
    if (value === '') delete next[key];
    else next[key] = value;
    onChange(next);
  };
  return (
    <>
      {Object.entries(properties).map(([key, raw]) => {
        const field = isObject(raw) ? raw : {};
        const label = typeof field.title === 'string' ? field.title : humanize(key);
        const secret = secretFields.includes(key);
        const stored = secret && storedSecrets.includes(key);
        const help =
          typeof field.description === 'string'
            ? field.description
            : stored
              ? 'Stored and never shown. Leave empty to keep it.'
              : undefined;
        const mustFill = required.has(key) && !stored;
        const value = values[key];
        const numeric = field.type === 'number' || field.type === 'integer';
        if (field.type === 'boolean')
          return (
            <label key={key} className="checkbox-field">
              <input
                type="checkbox"
                checked={value === true}
                onChange={(e) => set(key, e.target.checked)}
              />{' '}
              {label}
            </label>
          );
        return (
          <FormField key={key} label={mustFill ? label : `${label} (optional)`} help={help}>
            {(control) =>
              Array.isArray(field.enum) ? (
                <select
                  {...control}
                  className="input"
                  required={mustFill}
                  value={String(value ?? '')}
                  onChange={(e) => set(key, e.target.value)}
                >
                  <option value="">Choose…</option>
                  {field.enum.map((option) => (
                    <option key={String(option)} value={String(option)}>
                      {String(option)}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  {...control}
                  className={secret ? 'input mono' : 'input'}
                  type={secret ? 'password' : numeric ? 'number' : 'text'}
                  autoComplete={secret ? 'new-password' : 'off'}
                  required={mustFill}
                  placeholder={stored ? '••••••••' : undefined}
                  value={value === undefined ? '' : String(value)}
                  onChange={(e) =>
                    set(
                      key,
                      numeric && e.target.value !== '' ? Number(e.target.value) : e.target.value,
                    )
                  }
                />
              )
            }
          </FormField>
        );
      })}
    </>
  );
}
