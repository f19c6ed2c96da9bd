// Regression (issue 13): shared's expressions module (its parse cache, budget hooks and RE2JS) is
// preloaded once per worker thread and shared by every workflow, instead of being evaluated and
// every expression parsed again for each run. What must hold for that: an expression another run
// parsed first is still metered for this run (a runaway one still fails with EXPRESSION_BUDGET), and
// RE2JS's lazily built tables (case folding, Unicode classes) still build after the SDK froze the
// shared modules.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FlowGraph } from '@bizosaas/shared';
import { chain, node } from '../support/flows.js';
import { output, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const setFlow = (values: Record<string, string>): FlowGraph =>
  chain([node('set', 'core.set', { params: { values } })]);

test('regexes that build RE2JS tables on first use run in the sandbox, run after run', async () => {
  const values = {
    folded: '{{ $match("Ärger ÄRGER", /ärger/i).match }}',
    letters: '{{ $count($match("a1b2ç3", /\\pL/)) }}',
    printable: '{{ $replace("a\\u0001b", /[[:^print:]]/, "") }}',
    words: '{{ $split("one, two,three", /,\\s*/) }}',
  };
  for (let run = 0; run < 2; run++) {
    const outcome = await h.run(setFlow(values));
    expect(outcome.error).toBeUndefined();
    expect(output(outcome.state, 'set')).toEqual({
      folded: ['Ärger', 'ÄRGER'],
      letters: 3,
      printable: 'ab',
      words: ['one', 'two', 'three'],
    });
  }
}, 60_000);

test('an expression parsed by an earlier run is metered in the next: a runaway one still fails', async () => {
  const runaway = { x: '{{ ($f := function($n){ $f($n + 1) }; $f(0)) }}' };
  for (let run = 0; run < 2; run++) {
    const outcome = await h.run(setFlow(runaway));
    expect(outcome.error?.cause?.message).toMatch(/took more than 20000 steps/);
  }
}, 60_000);
