import type { ReactNode } from 'react';

/** A column header that names a column of row buttons, for screen readers only. */
export const ACTIONS = Symbol('actions');

/**
 * The app's data table: a header row from `columns` (a column given as `false` is left out, so a
 * column can depend on the viewer's role) and the body rows as children.
 */
export function Table({
  columns,
  label,
  children,
}: {
  columns: (string | typeof ACTIONS | false)[];
  label?: string;
  children: ReactNode;
}) {
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          {columns.map((column, i) =>
            column === false ? null : (
              <th key={i} scope="col">
                {column === ACTIONS ? <span className="visually-hidden">Actions</span> : column}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
