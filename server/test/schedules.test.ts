// A published flow with a schedule trigger runs on its own, once per firing with a run id of its
// own, and stops firing while the flow is paused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signUp, startTestServer, type Session, type TestServer } from './harness.js';
import { scheduledFlow } from './flows.js';

let server: TestServer;
let owner: Session;
beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await signUp(server.url);
});
afterAll(() => server.close());

interface RunSummary {
  runId: string;
  status: string;
}

const runsOf = async (flowId: string) =>
  (
    await call<{ runs: RunSummary[] }>(
      server.url,
      'runs.list',
      { flowId },
      { ...owner, type: 'query' },
    )
  ).data!.runs;

async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe('schedule triggers', () => {
  it('fire runs with distinct ids carrying their firing time, and pause with the flow', async () => {
    const flow = await call<{ id: string }>(
      server.url,
      'flows.create',
      { name: 'every second', graph: scheduledFlow(1_000) },
      owner,
    );
    const flowId = flow.data!.id;
    expect((await call(server.url, 'flows.publish', { flowId, revision: 1 }, owner)).status).toBe(
      200,
    );

    const runs = await until(
      () => runsOf(flowId),
      (list) => list.filter((run) => run.status === 'completed').length >= 2,
    );
    const completed = runs.filter((run) => run.status === 'completed');
    expect(new Set(completed.map((run) => run.runId)).size).toBe(completed.length);
    const detail = await call<{ nodes: Array<{ nodeId: string; output?: { firedAt?: string } }> }>(
      server.url,
      'runs.get',
      { runId: completed[0]!.runId },
      { ...owner, type: 'query' },
    );
    const firedAt = detail.data!.nodes.find((n) => n.nodeId === 'set')?.output?.firedAt;
    expect(Date.parse(firedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);

    expect(
      (await call(server.url, 'flows.setActive', { flowId, active: false }, owner)).status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a firing already under way may land
    const paused = (await runsOf(flowId)).length;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await runsOf(flowId)).length).toBe(paused);

    await call(server.url, 'flows.archive', { flowId }, owner);
  }, 90_000);
});
