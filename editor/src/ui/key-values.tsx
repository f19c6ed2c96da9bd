import { useId } from 'react';

export interface KeyValue {
  key: string;
  value: string;
}

/**
 * Rows of name and value. With `secret`, values are password fields: typed once, sent to the
 * server, never shown again (the server keeps them only in the secrets engine).
 */
export function KeyValueRows({
  legend,
  rows,
  onChange,
  secret,
}: {
  legend: string;
  rows: KeyValue[];
  onChange(rows: KeyValue[]): void;
  secret?: boolean;
}) {
  const id = useId();
  const set = (i: number, patch: Partial<KeyValue>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      {rows.map((r, i) => (
        <div key={i} className="record-row">
          <label htmlFor={`${id}-k${i}`} className="visually-hidden">
            {legend} name {i + 1}
          </label>
          <input
            id={`${id}-k${i}`}
            className="input"
            placeholder="name"
            value={r.key}
            onChange={(e) => set(i, { key: e.target.value })}
          />
          <label htmlFor={`${id}-v${i}`} className="visually-hidden">
            {legend} value {i + 1}
          </label>
          <input
            id={`${id}-v${i}`}
            className="input"
            placeholder="value"
            type={secret ? 'password' : 'text'}
            autoComplete={secret ? 'new-password' : 'off'}
            value={r.value}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${legend} row ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="link-button"
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        Add {secret ? 'secret' : 'setting'}
      </button>
    </fieldset>
  );
}

export const toRecord = (rows: KeyValue[]) =>
  Object.fromEntries(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]));
