// Regression (issue 12): the step budget that stops runaway expressions in the workflow sandbox was
// 500 steps a node, because JSONata awaited at every step and each step cost 0.1–2 ms there (the SDK's
// promise hook); a Set node mapping over 300 items (7 steps an item) failed with EXPRESSION_BUDGET.
// Expressions now evaluate synchronously, a step costs microseconds and the budget is 20,000 steps:
// the same node completes over 300 and 1,000 items, and a runaway expression still fails.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { WORKFLOW_BUDGET } from '@bizosaas/shared';
import { chain, node } from '../support/flows.js';
import { output, startHarness, type Harness } from '../support/harness.js';

const TOTALS = '{{ $map($trigger.body.items, function($v){ $v.price * $v.qty }) }}';
const flow = (expression: string) =>
  chain([node('set', 'core.set', { params: { values: { totals: expression } } })]);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

test.each([300, 1_000])(
  'a $map with a lambda over %i items completes',
  async (count) => {
    const items = Array.from({ length: count }, (_, i) => ({ price: i, qty: 3 }));
    const started = Date.now();
    const outcome = await h.run(flow(TOTALS), { body: { items } });
    console.log(`$map over ${count} items: the run took ${Date.now() - started} ms`);

    expect(outcome.error).toBeUndefined();
    expect(output(outcome.state, 'set')).toEqual({ totals: items.map((_, i) => i * 3) });
  },
  60_000,
);

test('tail recursion in the same node still fails with EXPRESSION_BUDGET', async () => {
  const outcome = await h.run(flow('{{ ($f := function($n){ $f($n + 1) }; $f(0)) }}'));
  const set = outcome.state.nodes.find((n) => n.key === 'set');
  expect(set?.status).toBe('failed');
  expect(set?.error?.code).toBe('EXPRESSION_BUDGET');
  expect(set?.error?.message).toMatch(`param "values.totals"`);
  expect(set?.error?.message).toMatch(`more than ${WORKFLOW_BUDGET.maxSteps} steps`);
}, 60_000);
