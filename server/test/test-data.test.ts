// Pinned test data: a flow keeps the payload of its latest test run and that run, so the editor
// opens the Test run dialog on it and shows each node's sample input and output from that run.
// Each test run replaces it; clearing unpins it; another tenant sees no such flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  finishedRun,
  signUp,
  startTestServer,
  type Session,
  type TestServer,
} from './harness.js';
import { edge, node } from './flows.js';

interface TestData {
  payload: unknown;
  runId: string;
  pinnedBy: string | null;
  pinnedAt: string;
}

let server: TestServer;
let owner: Session;
let other: Session;
beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await signUp(server.url);
  other = await signUp(server.url);
});
afterAll(() => server.close());

/** Manual trigger → Set greeting the payload's name. */
async function greetingFlow() {
  const graph = {
    schemaVersion: 2,
    nodes: [
      node('trigger', 'core.manual_trigger'),
      node('greet', 'core.set', { values: { greeting: '{{ "Hello " & $trigger.name }}' } }),
    ],
    edges: [edge('trigger', 'greet')],
    settings: { variables: {} },
  };
  const created = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: 'Greeter', graph },
    owner,
  );
  return created.data!.id;
}

const testDataOf = (flowId: string, who = owner) =>
  call<TestData | null>(server.url, 'runs.testData', { flowId }, { ...who, type: 'query' });

async function testRun(flowId: string, payload: unknown) {
  const started = await call<{ runId: string }>(
    server.url,
    'runs.testRun',
    { flowId, payload },
    owner,
  );
  return started.data!.runId;
}

describe('pinned test data', () => {
  it('is the payload and run of the flow’s latest test run, and the run has each node’s sample', async () => {
    const flowId = await greetingFlow();
    expect((await testDataOf(flowId)).data).toBeNull();

    const first = await testRun(flowId, { name: 'Ada' });
    const pinned = (await testDataOf(flowId)).data!;
    expect(pinned).toMatchObject({
      payload: { name: 'Ada' },
      runId: first,
      pinnedBy: owner.userId,
    });
    expect(Date.now() - Date.parse(pinned.pinnedAt)).toBeLessThan(60_000);

    const run = await finishedRun(server.url, owner, pinned.runId);
    const greet = run.nodes.find((n) => n.nodeId === 'greet') as {
      input?: unknown;
      output?: unknown;
    };
    expect(greet.output).toMatchObject({ greeting: 'Hello Ada' });
    expect(greet.input).toBeDefined();

    const second = await testRun(flowId, { name: 'Grace' });
    expect((await testDataOf(flowId)).data).toMatchObject({
      payload: { name: 'Grace' },
      runId: second,
    });
    await finishedRun(server.url, owner, second);
  });

  it('keeps any JSON value as it was sent', async () => {
    const flowId = await greetingFlow();
    const payload = { lines: [{ sku: 'A', qty: 2 }, null], note: 'ünïcode ✓', n: 1.5 };
    await finishedRun(server.url, owner, await testRun(flowId, payload));
    expect((await testDataOf(flowId)).data?.payload).toEqual(payload);
  });

  it('is gone once cleared, and clearing again clears nothing', async () => {
    const flowId = await greetingFlow();
    await finishedRun(server.url, owner, await testRun(flowId, { name: 'Ada' }));

    const cleared = await call(server.url, 'runs.clearTestData', { flowId }, owner);
    expect(cleared.data).toEqual({ flowId, cleared: true });
    expect((await testDataOf(flowId)).data).toBeNull();
    const again = await call(server.url, 'runs.clearTestData', { flowId }, owner);
    expect(again.data).toEqual({ flowId, cleared: false });
  });

  it('is not found from another tenant, and cannot be cleared from there', async () => {
    const flowId = await greetingFlow();
    await finishedRun(server.url, owner, await testRun(flowId, { name: 'Ada' }));

    expect((await testDataOf(flowId, other)).status).toBe(404);
    expect((await call(server.url, 'runs.clearTestData', { flowId }, other)).status).toBe(404);
    expect((await testDataOf(flowId)).data?.payload).toEqual({ name: 'Ada' });
  });
});
