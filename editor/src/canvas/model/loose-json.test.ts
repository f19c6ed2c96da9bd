import { describe, expect, it } from 'vitest';
import { looseText, parseLoose } from './loose-json';

describe('any-JSON params typed as text', () => {
  it('reads a quoted word as that word, and a bare word as the same string', () => {
    expect(parseLoose('"bulk"')).toBe('bulk');
    expect(parseLoose('bulk')).toBe('bulk');
  });

  it('reads numbers, booleans, null, lists and objects as JSON', () => {
    expect(parseLoose('3')).toBe(3);
    expect(parseLoose('true')).toBe(true);
    expect(parseLoose('null')).toBe(null);
    expect(parseLoose('[1, "a"]')).toEqual([1, 'a']);
    expect(parseLoose('{"a": 1}')).toEqual({ a: 1 });
  });

  it('keeps an expression as text, even when it looks like JSON', () => {
    expect(parseLoose('{{ $trigger.body.lines }}')).toBe('{{ $trigger.body.lines }}');
    expect(parseLoose('"{{ $trigger.kind }}"')).toBe('"{{ $trigger.kind }}"');
  });

  it('shows each value as text that reads back as the same value', () => {
    for (const value of ['bulk', '3', 'true', '"quoted"', '', 3, false, null, [1], { a: 'b' }])
      expect(parseLoose(looseText(value))).toEqual(value);
    expect(looseText('bulk')).toBe('bulk');
    expect(looseText('3')).toBe('"3"');
  });
});
