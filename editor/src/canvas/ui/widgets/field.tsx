import { useContext, useId } from 'react';
import type { JsonValue } from '@bizosaas/shared';
import { NodeConnectionContext, useParamWidgets } from '../param-widgets';
import { chooseWidget } from './choose';
import { FieldProblems } from './field-problems';
import { WIDGETS } from './registry';
import { holdsExpression, typeOf } from './schema';
import type { FieldProps } from './types';

/**
 * One param of the form, edited by the widget the registry chooses for its schema and value. A
 * control widget gets its label, help, problems and, for a type other than text, the switch
 * between a fixed value and an expression; a group widget draws all of that itself.
 */
export function Field(props: FieldProps) {
  const { schema, path, label, value, required, onChange, problems } = props;
  const id = useId();
  const offers = useParamWidgets();
  const connectionId = useContext(NodeConnectionContext);
  const param = path.join('.');
  const own = problems.filter((p) => p.param === param);
  const errorId = `${id}-error`;
  const describedBy = own.length > 0 ? errorId : undefined;
  const widget =
    WIDGETS[
      chooseWidget(schema, value, {
        members: offers.members !== undefined,
        vendorOptions: offers.loadOptions !== undefined && Boolean(connectionId),
      })
    ];
  const control = (
    <widget.Component
      {...props}
      id={id}
      own={own}
      errorId={errorId}
      describedBy={describedBy}
      Field={Field}
    />
  );
  if (widget.layout === 'group') return control;

  const description = typeof schema.description === 'string' ? schema.description : undefined;
  const expression = holdsExpression(value);
  const type = typeOf(schema);
  // Any non-string field can hold an expression instead (resolved at run time), so offer the
  // switch; a list or an object offers it beside its own editor (see array.tsx).
  const canToggle =
    type !== undefined &&
    type !== 'string' &&
    (expression || (type !== 'object' && type !== 'array'));
  return (
    <div className={widget.wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id} className="field-label">
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      {control}
      {canToggle && (
        <button
          type="button"
          className="link-button"
          onClick={() => onChange(expression ? fixedValue(type) : '{{  }}')}
        >
          {expression ? 'Use a fixed value' : 'Use an expression'}
        </button>
      )}
      {description && <p className="field-help">{description}</p>}
      <FieldProblems id={errorId} problems={own} />
    </div>
  );
}

/** What a field holds again when it stops being an expression. */
const fixedValue = (type: string | undefined): JsonValue | undefined =>
  type === 'array' ? [] : type === 'object' ? {} : undefined;
