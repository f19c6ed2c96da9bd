import { typeOf } from './schema';
import type { Widget, WidgetProps } from './types';

/** A number; an integer steps by one. Emptied, the param is left out. */
function NumberInput({ id, schema, value, describedBy, onChange }: WidgetProps) {
  return (
    <input
      id={id}
      className="input"
      type="number"
      step={typeOf(schema) === 'integer' ? 1 : 'any'}
      value={typeof value === 'number' ? value : ''}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
    />
  );
}

export const numberWidget: Widget = { layout: 'control', wide: false, Component: NumberInput };
