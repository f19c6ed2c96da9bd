import { anyJsonWidget } from './any-json';
import { arrayWidget } from './array';
import { booleanWidget } from './boolean';
import type { WidgetId } from './choose';
import { enumWidget } from './enum';
import { expressionWidget } from './expression';
import { jsonWidget } from './json';
import { keyValuesWidget } from './key-values';
import { membersWidget } from './members';
import { numberWidget } from './number';
import { objectWidget } from './object';
import type { Widget } from './types';
import { unionWidget } from './union';
import { vendorOptionsWidget } from './vendor-options';

/** Every widget the form can choose (`chooseWidget` says which), by its id. */
export const WIDGETS: Record<WidgetId, Widget> = {
  'vendor-options': vendorOptionsWidget,
  enum: enumWidget,
  number: numberWidget,
  boolean: booleanWidget,
  object: objectWidget,
  'key-values': keyValuesWidget,
  members: membersWidget,
  array: arrayWidget,
  'any-json': anyJsonWidget,
  union: unionWidget,
  expression: expressionWidget,
  json: jsonWidget,
};
