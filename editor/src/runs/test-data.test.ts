import { describe, expect, it } from 'vitest';
import { payloadText, sampleOf } from './test-data';

const run = (nodeId: string, sequence: number, startedAt?: string) => ({
  nodeId,
  sequence,
  ...(startedAt === undefined ? {} : { startedAt }),
});

describe('sampleOf', () => {
  it("is the node's first run to start, counting its runs in a loop", () => {
    const runs = [
      run('set', 4, '2026-01-01T00:00:02Z'),
      run('other', 0, '2026-01-01T00:00:00Z'),
      run('set', 2, '2026-01-01T00:00:01Z'),
    ];
    expect(sampleOf(runs, 'set')).toEqual({ run: runs[2], count: 2 });
  });

  it('is undefined for a node that never started, or is not in the run', () => {
    expect(sampleOf([run('set', 0)], 'set')).toBeUndefined();
    expect(sampleOf([run('set', 0, '2026-01-01T00:00:00Z')], 'added-later')).toBeUndefined();
  });
});

describe('payloadText', () => {
  it('shows a pinned payload as indented JSON, and an empty object to fill in without one', () => {
    expect(payloadText({ name: 'Ada', lines: [1] })).toBe(
      '{\n  "name": "Ada",\n  "lines": [\n    1\n  ]\n}',
    );
    expect(payloadText(null)).toBe('null');
    expect(payloadText(undefined)).toBe('{\n  \n}');
  });
});
