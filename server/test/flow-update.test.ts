// Renaming a flow and editing its tags while its draft is open on a canvas: the details change,
// the draft's revision does not, so the canvas's next autosave still goes through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signUp, startTestServer, type Session, type TestServer } from './harness.js';
import { manualFlow } from './flows.js';

let server: TestServer;
let owner: Session;
beforeAll(async () => {
  server = await startTestServer();
  owner = await signUp(server.url);
});
afterAll(() => server.close());

interface FlowView {
  id: string;
  name: string;
  tags: string[];
  revision: number;
}

const getFlow = async (flowId: string) =>
  (await call<FlowView>(server.url, 'flows.get', { flowId }, { ...owner, type: 'query' })).data!;

describe('flows.update', () => {
  it('renames and retags a flow without touching its draft revision', async () => {
    const created = await call<FlowView>(
      server.url,
      'flows.create',
      { name: 'Before', tags: ['old'], graph: manualFlow() },
      owner,
    );
    const flowId = created.data!.id;

    const updated = await call<FlowView>(
      server.url,
      'flows.update',
      { flowId, name: '  After  ', tags: ['sales', 'emea'] },
      owner,
    );
    expect(updated.data).toMatchObject({ name: 'After', tags: ['sales', 'emea'], revision: 1 });
    expect(await getFlow(flowId)).toMatchObject({ name: 'After', tags: ['sales', 'emea'] });

    // The canvas still holds revision 1: its save is accepted and keeps the new details.
    const saved = await call<{ revision: number }>(
      server.url,
      'flows.saveDraft',
      { flowId, revision: 1, graph: manualFlow('edited') },
      owner,
    );
    expect(saved.data?.revision).toBe(2);
    expect(await getFlow(flowId)).toMatchObject({ name: 'After', tags: ['sales', 'emea'] });
  });

  it('refuses an empty name and an archived flow, with a reason', async () => {
    const created = await call<FlowView>(server.url, 'flows.create', { name: 'Kept' }, owner);
    const flowId = created.data!.id;
    const blank = await call(server.url, 'flows.update', { flowId, name: '   ' }, owner);
    expect(blank.status).toBe(400);

    await call(server.url, 'flows.archive', { flowId }, owner);
    const archived = await call(server.url, 'flows.update', { flowId, name: 'Nope' }, owner);
    expect(archived.status).toBe(409);
    expect(archived.error?.message).toMatch(/archived/);
    expect((await getFlow(flowId)).name).toBe('Kept');
  });
});
