// A flow that runs another published flow of the tenant as a sub-flow gets the child's result;
// an unpublished child fails that node with a clear code instead of hanging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  signUp,
  startTestServer,
  testRunToEnd,
  type Session,
  type TestServer,
} from './harness.js';
import { manualFlow, parentFlow } from './flows.js';

let server: TestServer;
let owner: Session;
beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await signUp(server.url);
});
afterAll(() => server.close());

const testRun = (flowId: string) => testRunToEnd(server.url, owner, flowId);

async function createFlow(name: string, graph: unknown): Promise<string> {
  const flow = await call<{ id: string }>(server.url, 'flows.create', { name, graph }, owner);
  return flow.data!.id;
}

describe('sub-flows started through the server', () => {
  it('run the child published version and return its output', async () => {
    const child = await createFlow('child', manualFlow('from-child'));
    expect(
      (await call(server.url, 'flows.publish', { flowId: child, revision: 1 }, owner)).status,
    ).toBe(200);
    const parent = await createFlow('parent', parentFlow(child));
    const run = await testRun(parent);
    expect(run.status).toBe('completed');
    expect(run.nodes.find((n) => n.nodeId === 'child')?.output).toMatchObject({
      version: 'from-child',
    });
  });

  it('fail the node with SUB_FLOW_NOT_FOUND when the child is not published', async () => {
    const child = await createFlow('draft child', manualFlow('never'));
    const parent = await createFlow('parent of draft', parentFlow(child));
    const run = await testRun(parent);
    expect(run.status).toBe('failed');
    expect(run.nodes.find((n) => n.nodeId === 'child')?.error?.code).toBe('SUB_FLOW_NOT_FOUND');
  });
});
