// What one JSONata evaluation step costs inside Temporal's workflow sandbox, against plain Node:
// runs of the `stepCost` workflow on an in-process worker (the flow worker's bundle options), each
// minus the fastest run of the expression `1`, divided by the expression's steps. `async` is the
// jsonata package's evaluator, which awaits at every step; `synchronous` is the one flows use.
//
//   BIZOSAAS_PROFILE=test node --import tsx runtime/test/repro/sandbox-step-cost.ts
//   N=1000 BIZOSAAS_PROFILE=test node --import tsx runtime/test/repro/sandbox-step-cost.ts
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { evaluateExpression } from '@bizosaas/shared';
import { readConfig } from '@bizosaas/shared/config';
import { bundleFlowWorkflows } from '../../src/worker.js';

const config = readConfig(process.env);
const count = Number(process.env.N ?? 300);
const input = { items: Array.from({ length: count }, (_, i) => ({ price: i, qty: 2 })) };
const expressions = {
  [`$map over ${count} items`]: '$map(items, function($v){ $v.price * $v.qty })',
  'tail recursion, 2,000 calls': '($f := function($n){ $n < 2000 ? $f($n + 1) : $n }; $f(0))',
};
const RUNS = 3;

const taskQueue = `step-cost-${randomUUID()}`;
const worker = await Worker.create({
  connection: await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue,
  workflowBundle: await bundleFlowWorkflows(
    fileURLToPath(new URL('../workflows/step-cost.ts', import.meta.url)),
  ),
});
const client = new Client({
  connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }),
  namespace: config.TEMPORAL_NAMESPACE,
});
const runMs = async (engine: string, source: string) => {
  const started = performance.now();
  await client.workflow.execute('stepCost', {
    taskQueue,
    workflowId: `step-cost-${randomUUID()}`,
    args: [engine, source, input],
    workflowExecutionTimeout: '60s',
  });
  return performance.now() - started;
};
const fastest = async (run: () => Promise<number>) => {
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) best = Math.min(best, await run());
  return best;
};

await worker.runUntil(async () => {
  for (const [name, source] of Object.entries(expressions)) {
    const meter = { steps: 0, regexWork: 0 };
    evaluateExpression(source, { input }, { budget: { maxSteps: 1e12 }, meter });
    const plain = await fastest(async () => {
      const started = performance.now();
      evaluateExpression(source, { input }, { budget: { maxSteps: 1e12 } });
      return performance.now() - started;
    });
    const line = [
      `${name} (${meter.steps} steps): plain Node ${((plain * 1000) / meter.steps).toFixed(1)} µs/step`,
    ];
    for (const engine of ['async', 'synchronous']) {
      const base = await fastest(() => runMs(engine, '1'));
      const run = await fastest(() => runMs(engine, source));
      line.push(
        `${engine} in the sandbox ${(((run - base) * 1000) / meter.steps).toFixed(1)} µs/step (run ${run.toFixed(0)} ms, "1" ${base.toFixed(0)} ms)`,
      );
    }
    console.log(line.join('; '));
  }
});
