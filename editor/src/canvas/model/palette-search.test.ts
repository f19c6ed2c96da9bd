import { describe, expect, it } from 'vitest';
import { builtinNodes } from '@bizosaas/nodes';
import { paletteGroups } from './palette-search';

const titles = (query: string) =>
  paletteGroups(builtinNodes, query).flatMap(([, types]) => types.map((t) => t.title));

describe('palette search', () => {
  it('puts a title match above types that only mention the word ("set" finds Set first)', () => {
    const found = titles('set');
    expect(found[0]).toBe('Set');
    expect(found.length).toBeGreaterThan(1);
  });

  it('ranks a title starting with the query above one containing it elsewhere', () => {
    const found = titles('http');
    expect(found[0]).toBe('HTTP request');
  });

  it('without a query, lists every type by category in alphabetical order', () => {
    const groups = paletteGroups(builtinNodes, '  ');
    expect(groups.map(([c]) => c)).toEqual(
      [...groups.map(([c]) => c)].sort((a, b) => a.localeCompare(b)),
    );
    expect(groups.flatMap(([, t]) => t).length).toBe(builtinNodes.length);
  });
});
