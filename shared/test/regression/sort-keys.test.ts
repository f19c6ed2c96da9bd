// Compiling copies each node's params with sorted keys, so the definition's JSON is canonical.
// Params already in order are used as they are (a 1,000-node flow copied every one of them); the
// result must still be sorted at every level, and the params given are never changed.
import { describe, expect, test } from 'vitest';
import { canonicalJson, sortKeys } from '../../src/hash.js';

describe('sortKeys', () => {
  test('params already in key order come back as they are, not as a copy', () => {
    const params = { body: { a: 1, b: [{ x: 1, y: 2 }] }, method: 'POST', url: 'https://a.test' };
    expect(sortKeys(params)).toBe(params);
  });

  test('keys out of order at any depth are sorted, in a copy that leaves the input unchanged', () => {
    const params = { a: { list: [{ z: 1, b: 2 }, { c: 3 }] }, b: 'kept', c: { y: 1, x: 2 } };
    const before = JSON.stringify(params);
    const sorted = sortKeys(params);
    expect(JSON.stringify(sorted)).toBe(canonicalJson(params));
    expect(JSON.stringify(params)).toBe(before);
    expect(sorted).not.toBe(params);
    // Only the changed branches are new; the list's sorted entry is shared.
    expect(sorted.a.list[1]).toBe(params.a.list[1]);
    expect(sorted.a.list[0]).not.toBe(params.a.list[0]);
  });

  test('a top-level object out of order is rebuilt in order', () => {
    expect(JSON.stringify(sortKeys({ url: 'u', method: 'GET', body: null }))).toBe(
      '{"body":null,"method":"GET","url":"u"}',
    );
  });
});
