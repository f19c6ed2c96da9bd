import { useState } from 'react';
import type { JsonValue } from '@bizosaas/shared';
import type { Widget, WidgetProps } from './types';

/** A value of a shape the form has no widget for, as JSON text, taken when it parses on blur. */
function JsonText({ id, value, onChange, describedBy }: WidgetProps) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [bad, setBad] = useState(false);
  return (
    <textarea
      id={id}
      className="input mono"
      rows={4}
      value={text}
      aria-invalid={bad}
      aria-describedby={describedBy}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        try {
          onChange(JSON.parse(text) as JsonValue);
          setBad(false);
        } catch {
          setBad(true);
        }
      }}
    />
  );
}

export const jsonWidget: Widget = { layout: 'control', wide: true, Component: JsonText };
