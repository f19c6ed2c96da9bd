// 1,000 runs parked on an approval in one worker whose workflow cache holds 50: parked runs are
// evicted (their state lives in Temporal history, not in the worker), so memory stays bounded,
// and a decision for an evicted run replays it and resumes it.
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { compile } from '@bizosaas/shared';
import { decideApproval, decisionId, startRun } from '../src/index.js';
import { createFlowWorker, createLogger } from '../src/worker.js';
import { startFakePlatform } from './support/fake-platform.js';
import { chain, node } from './support/flows.js';
import { catalog, startHarness, TENANT, type Harness } from './support/harness.js';

const RUNS = 1_000;
const CACHE = 50;
const APPROVER = randomUUID();

let h: Harness;
let platform: Awaited<ReturnType<typeof startFakePlatform>>;
beforeAll(async () => {
  h = await startHarness({ worker: false });
  platform = await startFakePlatform(h.config, { approver: [APPROVER] });
});
afterAll(async () => {
  await platform?.close();
  await h?.close();
});

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size)
    await Promise.all(items.slice(i, i + size).map(work));
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

// Memory is read after a full garbage collection: what is still held, not what the collector has
// yet to reclaim (uncollected garbage made the growth swing by 100 MB from one run to the next).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const heldMemory = () => {
  collectGarbage();
  return process.memoryUsage().rss;
};

test(`${RUNS} runs parked on approvals keep the worker's memory bounded`, async () => {
  const taskQueue = `approval-memory-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: h.config.TEMPORAL_ADDRESS });
  const worker = await createFlowWorker({
    config: { ...h.config, WORKER_MAX_CACHED_WORKFLOWS: CACHE, LOG_LEVEL: 'warn' },
    connection,
    taskQueue,
    logger: createLogger('warn'),
  });
  const running = worker.run();
  const definition = compile(
    chain([
      node('ask', 'core.approval', {
        params: { title: 'Order {{ $trigger.n }}', notify: { email: false } },
      }),
    ]),
    catalog,
  );
  const start = (n: number) =>
    startRun(h.client, {
      taskQueue,
      definition,
      trigger: { n },
      meta: {
        tenantId: TENANT,
        flowId: 'memory',
        flowVersion: 1,
        runId: randomUUID(),
        outbound: { allowPrivateNetworks: false, allowedHosts: [] },
        platformTaskQueue: platform.taskQueue,
      },
    });
  try {
    // Warm up (bundle loaded, caches filled) before the baseline.
    await inBatches([...Array(CACHE).keys()], 25, start);
    await waitFor(() => platform.tasks.size >= CACHE);
    const before = heldMemory();

    const handles = [];
    for (let i = 0; i < RUNS; i += 50)
      handles.push(...(await Promise.all([...Array(50).keys()].map((j) => start(i + j)))));
    // Parking 1,000 runs is bound by the dev server's SQLite; under a busy full suite it is slow.
    await waitFor(() => platform.tasks.size >= CACHE + RUNS, 360_000);
    const after = heldMemory();
    console.log(
      `approval memory: RSS ${mb(before)} MB with ${CACHE} parked runs, ${mb(after)} MB with ${
        CACHE + RUNS
      } (cache ${CACHE})`,
    );
    expect(after - before).toBeLessThan(250 * 1024 * 1024);

    // Evicted runs resume: decide a sample of them (replayed from history).
    const sample = handles.filter((_, i) => i % 100 === 0);
    await Promise.all(
      sample.map(async (handle) => {
        const task = [...platform.tasks.values()].find((t) => t.workflowId === handle.workflowId);
        if (!task) throw new Error('no task');
        await decideApproval(h.client, handle.workflowId, 1, {
          taskId: task.taskId,
          decisionId: decisionId(task.taskId, APPROVER),
          userId: APPROVER,
          decision: 'approve',
          comment: null,
          form: {},
        });
        await handle.result();
      }),
    );
  } finally {
    // The rest are parked for good: end them so the namespace stays tidy.
    const parked = await h.client.workflow.list({
      query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
    });
    const ids: string[] = [];
    for await (const run of parked) ids.push(run.workflowId);
    await inBatches(ids, 100, (id) =>
      h.client.workflow
        .getHandle(id)
        .terminate('test over')
        .catch(() => undefined),
    );
    worker.shutdown();
    await running;
    await connection.close();
  }
}, 600_000);

async function waitFor(check: () => boolean, ms = 60_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
