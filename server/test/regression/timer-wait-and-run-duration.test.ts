// Regression: a Delay step reported plain `waiting`, which the editor could only call "Waiting for
// approval"; and the runs list read Temporal's start and close times to the whole second, so a run
// shorter than a second (most test runs) lasted "0 ms". A waiting timer now says it is a timer and
// when it fires, and the list's times keep their milliseconds.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  call,
  finishedRun,
  signUp,
  startFlowWorker,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from '../harness.js';
import { slowFlow } from '../flows.js';

const taskQueue = unique('test-flows');
let server: TestServer;
let worker: Awaited<ReturnType<typeof startFlowWorker>>;
let owner: Session;
beforeAll(async () => {
  server = await startTestServer({ config: { TEMPORAL_TASK_QUEUE: taskQueue } });
  worker = await startFlowWorker(taskQueue);
  owner = await signUp(server.url);
});
afterAll(async () => {
  await worker.stop();
  await server.close();
});

interface NodeView {
  nodeId: string;
  status: string;
  waitingFor?: string;
  waitingUntil?: string;
}

it('says a Delay waits on a timer and until when, and lists the run with its real duration', async () => {
  const created = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: unique('delay'), graph: slowFlow('done', 700) },
    owner,
  );
  const flowId = created.data!.id;
  const before = Date.now();
  const started = await call<{ runId: string }>(
    server.url,
    'runs.testRun',
    { flowId, payload: {} },
    owner,
  );
  const runId = started.data!.runId;
  const waitNode = async () =>
    (
      await call<{ nodes: NodeView[] }>(
        server.url,
        'runs.get',
        { runId },
        { ...owner, type: 'query' },
      )
    ).data?.nodes.find((n) => n.nodeId === 'wait');
  await expect.poll(async () => (await waitNode())?.status, { interval: 50 }).toBe('waiting');
  const waiting = (await waitNode())!;
  expect(waiting.waitingFor).toBe('timer');
  const fires = Date.parse(waiting.waitingUntil!);
  expect(fires).toBeGreaterThan(before + 600);
  expect(fires).toBeLessThan(Date.now() + 800);

  await finishedRun(server.url, owner, runId);
  expect((await waitNode())?.waitingFor).toBeUndefined();

  const listed = async () =>
    (
      await call<{ runs: { runId: string; startedAt: string | null; closedAt: string | null }[] }>(
        server.url,
        'runs.list',
        { flowId },
        { ...owner, type: 'query' },
      )
    ).data?.runs.find((r) => r.runId === runId);
  await expect.poll(async () => (await listed())?.closedAt ?? null, { timeout: 15_000 }).not.toBe(
    null,
  );
  const run = (await listed())!;
  const duration = Date.parse(run.closedAt!) - Date.parse(run.startedAt!);
  expect(duration).toBeGreaterThanOrEqual(700);
  expect(duration).toBeLessThan(5_000);
  // Whole seconds at both ends is what the old rounding gave (by chance: one run in a million).
  expect([Date.parse(run.startedAt!) % 1000, Date.parse(run.closedAt!) % 1000]).not.toEqual([0, 0]);
});
