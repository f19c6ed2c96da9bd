// Regression (issue 13): every run asked `patched('expression-budget-synchronous')` at its first
// node, so every history carried a patch marker and a search-attribute upsert (two events and a
// visibility write in Temporal for each run). A run now asks only once its expressions reach 500
// steps, where the budgets of old and new runs start to differ.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chain, node } from '../support/flows.js';
import { output, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const eventsOf = async (handle: { fetchHistory(): Promise<{ events?: object[] | null }> }) =>
  ((await handle.fetchHistory()).events ?? []).map((event) =>
    Object.keys(event).find((key) => key.endsWith('EventAttributes') && event[key as never]),
  );

test('a run of small control nodes has five history events and no patch marker', async () => {
  const outcome = await h.run(
    chain([
      node('double', 'core.set', { params: { values: { d: '{{ $trigger.n * 2 }}' } } }),
      node('check', 'core.if', { params: { condition: '{{ $.d > 1 }}' } }),
    ]),
    { n: 1 },
  );
  expect(outcome.error).toBeUndefined();
  expect(output(outcome.state, 'check')).toEqual({ d: 2 });
  expect(await eventsOf(outcome.handle)).toEqual([
    'workflowExecutionStartedEventAttributes',
    'workflowTaskScheduledEventAttributes',
    'workflowTaskStartedEventAttributes',
    'workflowTaskCompletedEventAttributes',
    'workflowExecutionCompletedEventAttributes',
  ]);
}, 60_000);

test('a node of more than 500 steps records the marker where it ran, and gets the large budget', async () => {
  const outcome = await h.run(
    chain([
      node('map', 'core.set', {
        params: { values: { x: '{{ $count($map([1..300], function($v){ $v * 2 })) }}' } },
      }),
    ]),
  );
  expect(outcome.error).toBeUndefined();
  expect(output(outcome.state, 'map')).toEqual({ x: 300 });
  expect(await eventsOf(outcome.handle)).toContain('markerRecordedEventAttributes');
}, 60_000);
