import type { Widget, WidgetProps } from './types';

function Checkbox({ id, value, describedBy, onChange }: WidgetProps) {
  return (
    <input
      id={id}
      type="checkbox"
      className="checkbox"
      checked={value === true}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

export const booleanWidget: Widget = { layout: 'control', wide: false, Component: Checkbox };
