// Regression: the audit log showed actors and targets as uuids ("user 3f2a…", "flow 9b1c…") and
// the data as raw JSON, so reading who did what meant looking ids up by hand. audit.list now
// names, for the page it returns, every person (actor, target, or a user id in the data) and
// the flows, connections and approval tasks the events are about.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  addMember,
  call,
  signUp,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from '../harness.js';
import { manualFlow } from '../flows.js';

let server: TestServer;
let owner: Session;
beforeAll(async () => {
  server = await startTestServer();
  owner = await signUp(server.url);
});
afterAll(async () => {
  await server?.close();
});

interface AuditList {
  events: { action: string; actorId: string | null; targetType: string; targetId: string | null }[];
  names: {
    people: Record<string, { name: string; email: string }>;
    targets: Record<string, string>;
  };
}

it('names the actor, the flow and the member an event is about', async () => {
  const name = unique('Lead intake');
  const created = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name, graph: manualFlow('x') },
    owner,
  );
  const flowId = created.data!.id;
  const member = await addMember(server.url, owner, 'builder');
  await call(server.url, 'members.updateRole', { userId: member.userId, role: 'operator' }, owner);

  const list = (await call<AuditList>(server.url, 'audit.list', {}, { ...owner, type: 'query' }))
    .data!;
  const flowEvent = list.events.find((e) => e.action === 'flow.created')!;
  expect(flowEvent.targetId).toBe(flowId);
  expect(list.names.targets[`flow:${flowId}`]).toBe(name);
  expect(list.names.people[owner.userId]?.email).toBe(owner.email);
  const roleEvent = list.events.find(
    (e) => e.action.startsWith('member.') && e.targetId === member.userId,
  );
  expect(roleEvent, JSON.stringify(list.events.map((e) => e.action))).toBeDefined();
  expect(list.names.people[member.userId]).toEqual({ name: 'builder', email: member.email });

  // Another tenant's ids are never named.
  const stranger = await signUp(server.url);
  const theirs = (
    await call<AuditList>(server.url, 'audit.list', {}, { ...stranger, type: 'query' })
  ).data!;
  expect(theirs.names.targets[`flow:${flowId}`]).toBeUndefined();
  expect(theirs.names.people[member.userId]).toBeUndefined();
});
