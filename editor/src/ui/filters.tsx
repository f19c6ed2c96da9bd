import { useId } from 'react';

export interface FilterOption<T extends string> {
  value: T;
  label: string;
}

/** A labelled select narrowing a list: the filters of the flows, runs and audit pages. */
export function SelectFilter<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly FilterOption<T>[];
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select
        id={id}
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Newer and Older over a list read page by page: `pages` holds the tokens of the pages opened so
 * far (none: the first page), `next` the token of the page after this one, if any.
 */
export function Pager({
  pages,
  next,
  onChange,
}: {
  pages: readonly string[];
  next: string | null | undefined;
  onChange: (pages: string[]) => void;
}) {
  return (
    <div className="pager">
      {pages.length > 0 && (
        <button type="button" className="button" onClick={() => onChange(pages.slice(0, -1))}>
          Newer
        </button>
      )}
      {next && (
        <button type="button" className="button" onClick={() => onChange([...pages, next])}>
          Older
        </button>
      )}
    </div>
  );
}
