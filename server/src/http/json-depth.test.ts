import { describe, expect, it } from 'vitest';
import { ensureJsonDepth, JSON_MAX_DEPTH, jsonDepth } from './json-depth.js';

describe('jsonDepth', () => {
  it('counts nested arrays and objects', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('[[],[[]],[]]')).toBe(3);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepth('["[[[[", "\\"[[[", "\\\\"]')).toBe(1);
    expect(jsonDepth('{"k\\"{{":"}}}}[["}')).toBe(1);
  });

  it('stops counting once past the limit it is given', () => {
    expect(jsonDepth('['.repeat(1000), 10)).toBe(11);
  });

  it('refuses documents deeper than the limit, naming it, and takes those at it', () => {
    const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(() => ensureJsonDepth(nested(JSON_MAX_DEPTH), 'body')).not.toThrow();
    expect(() => ensureJsonDepth(nested(JSON_MAX_DEPTH + 1), 'body')).toThrow(
      `body nests arrays and objects deeper than ${JSON_MAX_DEPTH} levels`,
    );
  });
});
