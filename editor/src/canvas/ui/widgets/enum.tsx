import type { JsonValue } from '@bizosaas/shared';
import type { Widget, WidgetProps } from './types';

/** One of a fixed list (`z.enum`): a select, with an empty choice when the param is optional. */
function EnumSelect({ id, schema, value, required, describedBy, onChange }: WidgetProps) {
  return (
    <select
      id={id}
      className="input"
      value={value === undefined ? '' : String(value)}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    >
      {!required && <option value="">—</option>}
      {(schema.enum as JsonValue[]).map((option) => (
        <option key={String(option)} value={String(option)}>
          {String(option)}
        </option>
      ))}
    </select>
  );
}

export const enumWidget: Widget = { layout: 'control', wide: false, Component: EnumSelect };
