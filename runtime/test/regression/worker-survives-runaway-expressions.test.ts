// Regression (issue 12, item 2): the worker process died with the native error "async hook stack has
// become corrupted (actual: 94325, expected: 4)" while runs with runaway expressions were being
// retried and other tenants' flows ran; every tenant's flows stopped until someone restarted it.
//
// The cause: Temporal runs a workflow task as `vm.runInContext(…, { timeout: 5 s })` in a context
// with `microtaskMode: 'afterEvaluate'`, and the expression (JSONata awaits at every step) runs in
// that context's microtasks. When the timeout fires, V8 terminates execution inside a promise
// reaction while Node's async hooks are on (the sandbox's AsyncLocalStorage turns them on), so the
// hook's `after` never runs and Node's async id stack is left too deep; the next callback in that
// thread finds the mismatch and aborts the process (nodejs/node#38503). Nothing can catch it.
// `runtime/test/repro/async-hook-corruption.ts` shows the mechanism in a few lines;
// `runtime/test/repro/runaway-stress.ts` puts a real worker under runaway runs as before the fix.
//
// The fix takes the trigger away: no expression can keep a workflow task anywhere near the timeout
// (WORKFLOW_BUDGET per node, and the interpreter ends the task after as many steps). This stress test
// runs many runaway runs of each kind next to normal runs on one worker process, and checks that
// the runaway ones fail with EXPRESSION_BUDGET, the normal ones complete, no workflow task ever
// timed out, and the process is still alive.
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FlowGraph } from '@bizosaas/shared';
import { chain, node } from '../support/flows.js';
import { startHarness, type Harness } from '../support/harness.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';

const RUNAWAY: Record<string, string> = {
  'tail recursion': '{{ ($f := function($n){ $f($n + 1) }; $f(0)) }}',
  'deep recursion': '{{ ($f := function($n){ 1 + $f($n + 1) }; $f(0)) }}',
  'searches over a long input': '{{ $count($match($pad("", 20000, "a"), /a*b|a/)) }}',
  'a string bomb': '{{ $pad("", 1000000000) }}',
};
const COPIES = 3;
const NORMAL = 24;

const setFlow = (expression: string): FlowGraph =>
  chain([node('set', 'core.set', { params: { values: { x: expression } } })]);

let h: Harness;
let worker: WorkerProcess;
beforeAll(async () => {
  h = await startHarness({ worker: false });
  worker = await spawnWorker(h.taskQueue, 50_000 + Math.floor(Math.random() * 10_000));
});
afterAll(async () => {
  if (worker?.child.exitCode === null) worker.child.kill('SIGTERM');
  await h?.close();
});

test('runaway expressions next to normal runs on one worker: each fails, the others finish, the worker lives', async () => {
  const started = Date.now();
  const runaway = Object.entries(RUNAWAY).flatMap(([story, expression]) =>
    Array.from({ length: COPIES }, () =>
      h
        .start(setFlow(expression))
        .then((handle) => handle.result())
        .then(
          () => ({ story, failure: 'it completed' }),
          (error: unknown) => ({
            story,
            failure:
              error instanceof WorkflowFailedError
                ? (error.cause as { type?: string } | undefined)?.type
                : String(error),
          }),
        ),
    ),
  );
  const normal = Array.from({ length: NORMAL }, (_, i) =>
    h
      .start(setFlow('{{ $trigger.n * 2 }}'), { n: i })
      .then((handle) => handle.result())
      .then((result) => result.output),
  );
  const [failures, outputs] = await Promise.all([Promise.all(runaway), Promise.all(normal)]);
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${runaway.length} runaway and ${NORMAL} normal runs on one worker: all settled in ${seconds.toFixed(1)} s`,
  );

  expect(failures).toEqual(
    Object.keys(RUNAWAY).flatMap((story) =>
      Array.from({ length: COPIES }, () => ({ story, failure: 'EXPRESSION_BUDGET' })),
    ),
  );
  expect(outputs).toEqual(Array.from({ length: NORMAL }, (_, i) => ({ x: i * 2 })));
  const logs = worker.logs.join('');
  expect(logs).not.toMatch(/async hook stack|Script execution timed out|TMPRL1101/);
  expect(worker.child.exitCode).toBeNull();
  expect(await fetch(worker.healthUrl).then((r) => r.status)).toBe(200);
}, 120_000);
