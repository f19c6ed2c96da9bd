import type { JsonValue } from '@bizosaas/shared';

/*
 * A param that takes any JSON value (a Switch's value and cases, a For-each's items) is typed as
 * text. What the user types is read as JSON when it is JSON (`3`, `true`, `"bulk"`, `[1, 2]`) and
 * as a plain string otherwise (`bulk`), so `"bulk"` is the string bulk, not one with quotes in it.
 * Text holding `{{ … }}` stays text: it is an expression, resolved at run time.
 */

export function parseLoose(text: string): JsonValue {
  if (text.includes('{{')) return text;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** The text that reads back as `value`: a string as itself unless it would read as something else. */
export function looseText(value: JsonValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return parseLoose(value) === value ? value : JSON.stringify(value);
  return JSON.stringify(value);
}
