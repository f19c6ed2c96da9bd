import { ExpressionField } from '../../expression/expression-field';
import { typeOf } from './schema';
import type { Widget, WidgetProps } from './types';

/**
 * A string, or any param holding `{{ … }}`: the CodeMirror expression editor. Emptied, an
 * optional param is left out.
 */
function Expression(props: WidgetProps) {
  const { id, label, schema, value, required, onChange, scope, own, describedBy } = props;
  return (
    <ExpressionField
      id={id}
      label={label}
      value={typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)}
      onChange={(text) => onChange(text === '' && !required ? undefined : text)}
      scope={scope}
      invalid={own.length > 0}
      describedBy={describedBy}
      placeholder={typeOf(schema) === 'string' ? undefined : 'value or {{ expression }}'}
    />
  );
}

export const expressionWidget: Widget = { layout: 'control', wide: true, Component: Expression };
