import { describe, expect, it } from 'vitest';
import { formatDuration, nodeRunLabel, statusByNode, timeline } from './node-states';

describe('run state on the canvas', () => {
  it('paints one state per node; a loop body shows the iteration that needs attention', () => {
    const states = statusByNode([
      { nodeId: 'a', status: 'succeeded' },
      { nodeId: 'body', status: 'succeeded', iteration: [0] },
      { nodeId: 'body', status: 'failed', iteration: [1] },
      { nodeId: 'c', status: 'skipped' },
      { nodeId: 'd', status: 'something new' },
    ]);
    expect(Object.fromEntries(states)).toEqual({ a: 'succeeded', body: 'failed', c: 'skipped' });
  });

  it('lays node durations out from the first start, a running node up to now', () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const { bars, total } = timeline(
      [
        { nodeId: 'b', status: 'running', startedAt: at(100) },
        { nodeId: 'a', status: 'succeeded', startedAt: at(0), finishedAt: at(40) },
        { nodeId: 'c', status: 'pending' },
      ],
      new Map([['a', 'Start']]),
      t0 + 500,
    );
    expect(bars).toEqual([
      { nodeId: 'a', label: 'Start', status: 'succeeded', start: 0, end: 40 },
      { nodeId: 'b', label: 'b', status: 'running', start: 100, end: 500 },
    ]);
    expect(total).toBe(500);
    expect(formatDuration(1500)).toBe('1.5 s');
  });

  it('says what a waiting step waits on: a timer until when, never an approval', () => {
    const now = new Date('2026-03-02T10:00:00');
    const soon = new Date('2026-03-02T10:00:05');
    expect(
      nodeRunLabel(
        { status: 'waiting', waitingFor: 'timer', waitingUntil: soon.toISOString() },
        now,
      ),
    ).toBe(`Waiting until ${soon.toLocaleTimeString()}`);
    const later = new Date('2026-03-04T09:00:00');
    expect(
      nodeRunLabel(
        { status: 'waiting', waitingFor: 'timer', waitingUntil: later.toISOString() },
        now,
      ),
    ).toBe(`Waiting until ${later.toLocaleString()}`);
    expect(nodeRunLabel({ status: 'waiting', waitingFor: 'approval' })).toBe(
      'Waiting for approval',
    );
    expect(nodeRunLabel({ status: 'waiting' })).toBe('Waiting');
    expect(nodeRunLabel({ status: 'succeeded' })).toBe('Succeeded');
  });
});
