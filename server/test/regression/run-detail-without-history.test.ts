// runs.get, which the editor polls while a run is open, read the run's whole history on every call
// (through a Temporal internal) just to show its trigger. The run's live state now carries the
// trigger, so an open run is one query; only a finished run nobody can query reads its history,
// and then only the start event. What a user sees: the trigger while a run waits, a scheduled
// run's firing time (which the history never held), and a finished run's trigger with no worker up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  finishedRun,
  signUp,
  startFlowWorker,
  startTestServer,
  unique,
  type RunView,
  type Session,
  type TestServer,
} from '../harness.js';
import { manualFlow, scheduledFlow, slowFlow } from '../flows.js';

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

const createFlow = async (graph: unknown) =>
  (await call<{ id: string }>(server.url, 'flows.create', { name: unique('f'), graph }, owner))
    .data!.id;
const runView = async (runId: string) =>
  (
    await call<RunView & { error?: string }>(
      server.url,
      'runs.get',
      { runId },
      { ...owner, type: 'query' },
    )
  ).data!;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('runs.get', () => {
  it('shows an open run its trigger from the live state', async () => {
    const flowId = await createFlow(slowFlow('open', 60_000));
    const started = await call<{ runId: string }>(
      server.url,
      'runs.testRun',
      { flowId, payload: { lead: 'ada@example.com' } },
      owner,
    );
    const runId = started.data!.runId;
    const open = await until(
      () => runView(runId),
      (run) => run.nodes.some((n) => n.nodeId === 'wait' && n.status === 'waiting'),
    );
    expect(open.status).toBe('running');
    expect(open.trigger).toEqual({ kind: 'test', payload: { lead: 'ada@example.com' } });
    await call(server.url, 'runs.cancel', { runId }, owner);
  });

  it("shows a scheduled run's firing time as its trigger", async () => {
    const flowId = await createFlow(scheduledFlow(1_000));
    await call(server.url, 'flows.publish', { flowId, revision: 1 }, owner);
    const runs = await until(
      async () =>
        (
          await call<{ runs: Array<{ runId: string; status: string }> }>(
            server.url,
            'runs.list',
            { flowId },
            { ...owner, type: 'query' },
          )
        ).data!.runs,
      (list) => list.some((run) => run.status === 'completed'),
    );
    await call(server.url, 'flows.archive', { flowId }, owner);
    const run = await runView(runs.find((r) => r.status === 'completed')!.runId);
    const { scheduledAt } = run.trigger!.payload as { scheduledAt: string };
    expect(run.trigger!.kind).toBe('schedule');
    expect(Date.parse(scheduledAt)).toBeGreaterThan(Date.now() - 60_000);
  }, 60_000);

  it("shows a finished run's trigger from its history while no worker can answer", async () => {
    const flowId = await createFlow(manualFlow('done'));
    const started = await call<{ runId: string }>(
      server.url,
      'runs.testRun',
      { flowId, payload: { order: 42 } },
      owner,
    );
    const runId = started.data!.runId;
    expect((await finishedRun(server.url, owner, runId)).status).toBe('completed');
    await worker.stop();
    try {
      const run = await runView(runId);
      expect(run.error).toBe('node states are unavailable right now');
      expect(run.trigger).toEqual({ kind: 'test', payload: { order: 42 } });
    } finally {
      worker = await startFlowWorker(taskQueue);
    }
  });
});
