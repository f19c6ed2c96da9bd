// A builder's day with one flow: save, a stale save refused, publish v1, edit, publish v2 while a
// run on v1 is still going — it finishes on v1 — then restore v1 into the draft.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  finishedRun,
  signUp,
  startTestServer,
  type Session,
  type TestServer,
} from './harness.js';
import { manualFlow, slowFlow } from './flows.js';

let server: TestServer;
let owner: Session;
beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await signUp(server.url);
});
afterAll(() => server.close());

const waitForRun = (runId: string) => finishedRun(server.url, owner, runId);

describe('flow lifecycle', () => {
  it('refuses a stale save, keeps runs on their version, restores an old version', async () => {
    const { url } = server;
    const created = await call<{ id: string; revision: number }>(
      url,
      'flows.create',
      { name: 'Lifecycle' },
      owner,
    );
    const flowId = created.data!.id;

    const saved = await call<{ revision: number }>(
      url,
      'flows.saveDraft',
      { flowId, revision: 1, graph: slowFlow('v1', 1500) },
      owner,
    );
    expect(saved.data?.revision).toBe(2);

    // A second editor still on revision 1 loses nothing silently: the save is refused.
    const stale = await call(
      url,
      'flows.saveDraft',
      { flowId, revision: 1, graph: manualFlow('lost') },
      owner,
    );
    expect(stale.status).toBe(409);
    expect(stale.error?.data).toMatchObject({ code: 'CONFLICT', details: { currentRevision: 2 } });

    const v1 = await call<{ version: number }>(
      url,
      'flows.publish',
      { flowId, revision: 2 },
      owner,
    );
    expect(v1.data?.version).toBe(1);

    const run = await call<{ runId: string }>(
      url,
      'runs.start',
      { flowId, payload: { n: 1 } },
      owner,
    );
    expect(run.status).toBe(200);

    await call(url, 'flows.saveDraft', { flowId, revision: 2, graph: manualFlow('v2') }, owner);
    const v2 = await call<{ version: number }>(
      url,
      'flows.publish',
      { flowId, revision: 3 },
      owner,
    );
    expect(v2.data?.version).toBe(2);

    const finished = await waitForRun(run.data!.runId);
    expect(finished.status).toBe('completed');
    expect(finished.version).toBe(1);
    expect(finished.result).toMatchObject({ output: { version: 'v1' } });

    const versions = await call<{ version: number }[]>(
      url,
      'flows.versions',
      { flowId },
      { ...owner, type: 'query' },
    );
    expect(versions.data?.map((v) => v.version)).toEqual([2, 1]);

    const diff = await call<{ nodes: { removed: { id: string }[] } }>(
      url,
      'flows.diff',
      { flowId, from: 1, to: 2 },
      { ...owner, type: 'query' },
    );
    expect(diff.data?.nodes.removed.map((n) => n.id)).toEqual(['wait']);

    const restored = await call<{ revision: number }>(
      url,
      'flows.restoreVersion',
      { flowId, version: 1, revision: 3 },
      owner,
    );
    expect(restored.data?.revision).toBe(4);
    const draft = await call<{ draft: { nodes: { id: string }[] } }>(
      url,
      'flows.get',
      { flowId },
      { ...owner, type: 'query' },
    );
    expect(draft.data?.draft.nodes.map((n) => n.id).sort()).toEqual(['set', 'trigger', 'wait']);

    const audit = await call<{ events: { action: string }[] }>(
      url,
      'audit.list',
      { action: 'flow.' },
      { ...owner, type: 'query' },
    );
    expect(audit.data?.events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'flow.created',
        'flow.saved',
        'flow.published',
        'flow.version_restored',
      ]),
    );
  });

  it('test-runs a draft and re-runs a run with the same input', async () => {
    const { url } = server;
    const flow = await call<{ id: string }>(
      url,
      'flows.create',
      { name: 'Draft run', graph: manualFlow('draft') },
      owner,
    );
    const test = await call<{ runId: string; version: number }>(
      url,
      'runs.testRun',
      { flowId: flow.data!.id, payload: { hello: 'world' } },
      owner,
    );
    expect(test.data?.version).toBe(0);
    const done = await waitForRun(test.data!.runId);
    expect(done.status).toBe('completed');
    const again = await call<{ runId: string }>(
      url,
      'runs.rerun',
      { runId: test.data!.runId },
      owner,
    );
    expect(again.data?.runId).not.toBe(test.data!.runId);
    const rerun = await call<{ trigger: { payload: unknown } }>(
      url,
      'runs.get',
      { runId: again.data!.runId },
      { ...owner, type: 'query' },
    );
    expect(rerun.data?.trigger?.payload).toEqual({ hello: 'world' });
  });
});
