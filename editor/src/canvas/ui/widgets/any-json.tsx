import { useState } from 'react';
import { ExpressionField } from '../../expression/expression-field';
import { looseText, parseLoose } from '../../model/loose-json';
import type { Widget, WidgetProps } from './types';

/**
 * A param of any JSON type (`z.json()`), typed as text and read as JSON where it is JSON. The text
 * is the user's while they type (`"bulk` becomes the string bulk only once its quote closes, and
 * the field does not rewrite it under the cursor); a value changed from outside (undo) replaces it.
 */
function AnyJson({ id, label, value, required, onChange, scope, own, describedBy }: WidgetProps) {
  const [text, setText] = useState(() => looseText(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    if (JSON.stringify(parseLoose(text)) !== JSON.stringify(value ?? '')) setText(looseText(value));
  }
  return (
    <ExpressionField
      id={id}
      label={label}
      value={text}
      placeholder="value or {{ expression }}"
      scope={scope}
      invalid={own.length > 0}
      describedBy={describedBy}
      onChange={(next) => {
        setText(next);
        const parsed = parseLoose(next);
        onChange(parsed === '' && !required ? undefined : parsed);
      }}
    />
  );
}

export const anyJsonWidget: Widget = { layout: 'control', wide: true, Component: AnyJson };
