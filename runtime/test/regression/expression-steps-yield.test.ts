// Regression (issue 12): a chain of control nodes never waits on an activity, so before the fix all
// its expressions ran in one workflow task, and enough of them (each within its own budget) kept
// that task past Temporal's 5 s deadlock timeout. The interpreter now ends the task once the run's
// expressions have taken WORKFLOW_BUDGET.maxSteps steps since it last did, with a 1 ms timer.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { evaluateExpression, WORKFLOW_BUDGET } from '@bizosaas/shared';
import { chain, node } from '../support/flows.js';
import { output, startHarness, type Harness } from '../support/harness.js';

// Nine steps an iteration: three quarters of the budget.
const ITERATIONS = Math.round(WORKFLOW_BUDGET.maxSteps / 12);
const LOOP_SOURCE = `($f := function($n){ $n < ${ITERATIONS} ? $f($n + 1) : $n }; $f(0))`;
const LOOP = `{{ ${LOOP_SOURCE} }}`;
const NODES = 4;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

test('a chain of set nodes whose expressions together exceed the step budget yields its workflow task', async () => {
  // One node's steps fit its budget, two nodes' pass it: the run yields after every second node.
  const meter = { steps: 0, regexWork: 0 };
  evaluateExpression(LOOP_SOURCE, {}, { meter });
  expect(meter.steps).toBeLessThan(WORKFLOW_BUDGET.maxSteps);
  expect(meter.steps * 2).toBeGreaterThanOrEqual(WORKFLOW_BUDGET.maxSteps);

  const ids = Array.from({ length: NODES }, (_, i) => `set${i}`);
  const outcome = await h.run(
    chain(ids.map((id) => node(id, 'core.set', { params: { values: { x: LOOP } } }))),
  );
  expect(outcome.error).toBeUndefined();
  for (const id of ids) expect(output(outcome.state, id)).toEqual({ x: ITERATIONS });

  const history = await outcome.handle.fetchHistory();
  const timers = (history.events ?? []).filter((event) => event.timerStartedEventAttributes);
  // No node here sleeps of its own accord: every timer is a yield.
  expect(timers).toHaveLength(NODES / 2);
}, 120_000);
