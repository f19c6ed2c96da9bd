// A past test run is shown on the graph it ran: the draft is kept, by content, when the run
// starts; editing the draft afterwards changes nothing about the run, re-running an unchanged
// draft stores nothing new, and another tenant cannot read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowSnapshotEntity } from '../src/db/entities.js';
import {
  call,
  finishedRun,
  signUp,
  startTestServer,
  testRunToEnd,
  type Session,
  type TestServer,
} from './harness.js';
import { manualFlow } from './flows.js';

interface RunGraph {
  flowId: string;
  flowName: string;
  version: number;
  source: 'version' | 'snapshot' | 'draft';
  graph: { nodes: Array<{ id: string; params: Record<string, unknown> }> };
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

const graphOf = (runId: string, who = owner) =>
  call<RunGraph>(server.url, 'runs.graph', { runId }, { ...who, type: 'query' });
/** What the Set node of a `manualFlow` graph says: the draft it was drawn from. */
const marker = (graph: RunGraph['graph']) =>
  (graph.nodes.find((n) => n.id === 'set')?.params.values as { version: string }).version;
const snapshotsOf = (flowId: string) =>
  server.services.orm.em.fork().count(FlowSnapshotEntity, { tenantId: owner.tenantId, flowId });

async function createFlow(graph = manualFlow('first')) {
  const created = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: 'Snapshots', graph },
    owner,
  );
  return created.data!.id;
}

describe('the graph a run ran', () => {
  it('stays the draft a test run started on after the draft is edited', async () => {
    const flowId = await createFlow();
    const run = await testRunToEnd(server.url, owner, flowId);
    expect(run.result).toMatchObject({ output: { version: 'first' } });

    const saved = await call(
      server.url,
      'flows.saveDraft',
      { flowId, revision: 1, graph: manualFlow('second') },
      owner,
    );
    expect(saved.status).toBe(200);

    const shown = await graphOf(run.runId);
    expect(shown.data).toMatchObject({ flowId, flowName: 'Snapshots', version: 0 });
    expect(shown.data?.source).toBe('snapshot');
    expect(marker(shown.data!.graph)).toBe('first');

    // Run again on the same run's input: it ran the same graph, so it shows the same graph.
    const rerun = await call<{ runId: string }>(
      server.url,
      'runs.rerun',
      { runId: run.runId },
      owner,
    );
    await finishedRun(server.url, owner, rerun.data!.runId);
    expect(marker((await graphOf(rerun.data!.runId)).data!.graph)).toBe('first');
  });

  it('stores an unchanged draft once, however often it is test-run', async () => {
    const flowId = await createFlow();
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await testRunToEnd(server.url, owner, flowId));
    expect(await snapshotsOf(flowId)).toBe(1);

    await call(
      server.url,
      'flows.saveDraft',
      { flowId, revision: 1, graph: manualFlow('second') },
      owner,
    );
    const later = await testRunToEnd(server.url, owner, flowId);
    expect(await snapshotsOf(flowId)).toBe(2);
    expect(marker((await graphOf(runs[0]!.runId)).data!.graph)).toBe('first');
    expect(marker((await graphOf(later.runId)).data!.graph)).toBe('second');
  });

  it('is the published version for a run of a version', async () => {
    const flowId = await createFlow(manualFlow('v1'));
    await call(server.url, 'flows.publish', { flowId, revision: 1 }, owner);
    await call(
      server.url,
      'flows.saveDraft',
      { flowId, revision: 1, graph: manualFlow('draft') },
      owner,
    );
    const started = await call<{ runId: string }>(
      server.url,
      'runs.start',
      { flowId, payload: {} },
      owner,
    );
    const shown = await graphOf(started.data!.runId);
    expect(shown.data).toMatchObject({ source: 'version', version: 1 });
    expect(marker(shown.data!.graph)).toBe('v1');
  });

  it("falls back to today's draft, said so, for a test run from before snapshots", async () => {
    const flowId = await createFlow(manualFlow('today'));
    const { definition } = (await server.services.runs.startInput(
      owner.tenantId,
      (await testRunToEnd(server.url, owner, flowId)).runId,
    ))!;
    // Started the way the server started test runs before it kept snapshots: no reference.
    const { runId } = await server.services.runs.start({
      tenantId: owner.tenantId,
      flowId,
      version: 0,
      definition,
      trigger: { kind: 'test', payload: {} },
      startedBy: owner.userId,
    });
    const shown = await graphOf(runId);
    expect(shown.data?.source).toBe('draft');
    expect(marker(shown.data!.graph)).toBe('today');
  });

  it('cannot be read from another tenant', async () => {
    const flowId = await createFlow();
    const run = await testRunToEnd(server.url, owner, flowId);
    const foreign = await graphOf(run.runId, other);
    expect(foreign.status).toBe(404);
    expect(foreign.error?.data.code).toBe('NOT_FOUND');
    expect(JSON.stringify(foreign)).not.toContain('first');
  });
});
