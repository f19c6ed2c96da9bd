import {
  HighlightStyle,
  StreamLanguage,
  syntaxHighlighting,
  type StringStream,
} from '@codemirror/language';
import { tags } from '@lezer/highlight';

/*
 * Highlighting for param strings that hold JSONata in `{{ … }}`: literal text outside the braces
 * stays plain, inside them JSONata's tokens are coloured. A stream tokenizer is enough for colour;
 * correctness (parse errors) comes from the shared validator, which the form shows under the field.
 */

interface State {
  inExpression: boolean;
  depth: number;
}

const KEYWORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

function token(stream: StringStream, state: State): string | null {
  if (!state.inExpression) {
    if (stream.match('{{')) {
      state.inExpression = true;
      state.depth = 0;
      return 'brace';
    }
    while (!stream.eol() && !stream.match('{{', false)) stream.next();
    return null;
  }
  if (state.depth === 0 && stream.match('}}')) {
    state.inExpression = false;
    return 'brace';
  }
  if (stream.eatSpace()) return null;
  if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) return 'string';
  if (stream.match(/^`[^`]*`?/)) return 'propertyName';
  if (stream.match(/^-?\d+(\.\d+)?([eE][+-]?\d+)?/)) return 'number';
  if (stream.match(/^\$[A-Za-z0-9_]*/)) return 'variableName';
  const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/);
  if (word) return KEYWORDS.has((word as RegExpMatchArray)[0]) ? 'keyword' : 'propertyName';
  const c = stream.next();
  if (c === '{' || c === '[' || c === '(') state.depth += 1;
  if ((c === '}' || c === ']' || c === ')') && state.depth > 0) state.depth -= 1;
  return 'operator';
}

export const jsonataTemplate = StreamLanguage.define<State>({
  name: 'jsonata-template',
  startState: () => ({ inExpression: false, depth: 0 }),
  token,
  copyState: (s) => ({ ...s }),
  tokenTable: { brace: tags.brace },
});

// Colours chosen for at least 4.5:1 contrast on the white editor background.
export const jsonataHighlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.brace, color: '#7c3aed', fontWeight: '600' },
    { tag: tags.string, color: '#166534' },
    { tag: tags.number, color: '#9a3412' },
    { tag: tags.variableName, color: '#1d4ed8', fontWeight: '600' },
    { tag: tags.propertyName, color: '#0f172a' },
    { tag: tags.keyword, color: '#a21caf' },
    { tag: tags.operator, color: '#475569' },
  ]),
);
