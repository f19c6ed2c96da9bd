// Issue 12, item 2: what runaway expressions did to a worker before the budget. A bare worker
// process runs `unbudgetedExpression` (an evaluation as runFlow made it, within a budget sized for
// plain Node) or `nativeBacktrack` (`$match` on V8's backtracking engine); RUNAWAY runs of it
// (K of them) hit the 5 s deadlock timeout and are retried without end, while batches of normal runs
// go to the same worker for MS milliseconds. Prints whether the worker died (and its native error)
// and how many normal runs completed. Bounded: it stops itself, terminates its runs and kills the
// worker.
//
//   BIZOSAAS_PROFILE=test node --import tsx runtime/test/repro/runaway-stress.ts
//   WF=nativeBacktrack K=10 MS=60000 BIZOSAAS_PROFILE=test node --import tsx runtime/test/repro/runaway-stress.ts
//
// Measured on Node 20.20.2, Temporal SDK 1.24 (2 cores, shared): the worker did not die in 3 runs of
// 60–90 s, but normal runs completed: 5 in 90 s with K=6, 0 in 60 s with K=10 — every flow on the
// worker stalled. The native error itself is reproduced by async-hook-corruption.ts.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { readConfig } from '@bizosaas/shared/config';

const config = readConfig(process.env);
const workflow = process.env.WF ?? 'unbudgetedExpression';
const runaways = Number(process.env.K ?? 6);
const durationMs = Number(process.env.MS ?? 90_000);
const runaway =
  workflow === 'nativeBacktrack'
    ? `${'a'.repeat(40)}!`
    : '($f := function($n){ $n > 1000000 ? 0 : 1 + $f($n + 1) }; $f(0))';

const taskQueue = `runaway-stress-${randomUUID()}`;
const child = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./bare-worker.ts', import.meta.url))],
  {
    env: {
      ...process.env,
      TASK_QUEUE: taskQueue,
      WORKFLOWS_PATH: fileURLToPath(
        new URL('../workflows/unbudgeted-expression.ts', import.meta.url),
      ),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
let output = '';
child.stdout.on('data', (c: Buffer) => (output += c.toString()));
child.stderr.on('data', (c: Buffer) => (output += c.toString()));
const exited = new Promise<string>((resolve) =>
  child.on('exit', (code, signal) => resolve(`the worker died (code ${code}, signal ${signal})`)),
);
while (!output.includes('worker ready')) {
  if (child.exitCode !== null) throw new Error(`worker did not start:\n${output}`);
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
const started = Date.now();
const ids: string[] = [];
for (let i = 0; i < runaways; i++) {
  const workflowId = `runaway-${randomUUID()}`;
  ids.push(workflowId);
  await client.workflow.start(workflow, { taskQueue, workflowId, args: [runaway] });
}
let completed = 0;
const outcome = await Promise.race([
  exited,
  (async () => {
    while (Date.now() - started < durationMs) {
      const batch = Array.from({ length: 5 }, () =>
        client.workflow
          .execute('unbudgetedExpression', {
            taskQueue,
            workflowId: `normal-${randomUUID()}`,
            args: ['1 + 1'],
          })
          .then(() => completed++),
      );
      await Promise.race([Promise.all(batch), new Promise((r) => setTimeout(r, 5_000))]);
    }
    return 'the worker lived';
  })(),
]);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`${outcome} after ${seconds} s; normal runs completed: ${completed}`);
console.log(output.match(/.*async hook stack.*/)?.[0] ?? 'no async hook error');
for (const workflowId of [...ids])
  await client.workflow
    .getHandle(workflowId)
    .terminate()
    .catch(() => undefined);
child.kill('SIGKILL');
await connection.close();
process.exit(0);
