import type { ComponentType } from 'react';
import type { JsonSchema, JsonValue, Problem } from '@bizosaas/shared';
import type { ExpressionScope } from '../../expression/completions';

/** One param of the form: its schema, where it sits, and its value. */
export interface FieldProps {
  schema: JsonSchema;
  path: string[];
  label: string;
  value: JsonValue | undefined;
  required: boolean;
  onChange(value: JsonValue | undefined): void;
  /** Every problem of the node; a field shows those of its own param. */
  problems: readonly Problem[];
  /** Read when completion opens, so the form need not re-render as the graph changes. */
  scope: () => ExpressionScope;
}

/** What a widget gets: the field, and what the field around it has worked out. */
export interface WidgetProps extends FieldProps {
  /** The control's id, which the field's label names. */
  id: string;
  /** The problems of this param, and the id of the list that shows them. */
  own: readonly Problem[];
  errorId: string;
  /** `errorId` while there are problems, for the control's aria-describedby. */
  describedBy: string | undefined;
  /**
   * Renders a nested param through the registry (an object's properties, a list's items). Handed
   * in, so that the widget modules need not import the field that imports them.
   */
  Field: ComponentType<FieldProps>;
}

/**
 * A widget of the params form. A `control` is one labelled input: the field draws its label, the
 * switch to an expression, its help and its problems around it (`wide` spans the inspector's
 * width). A `group` (an object, a list) draws its own fieldset and its parts.
 */
export type Widget =
  | { layout: 'control'; wide: boolean; Component: ComponentType<WidgetProps> }
  | { layout: 'group'; Component: ComponentType<WidgetProps> };
