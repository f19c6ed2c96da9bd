// Generated from the router's own procedure list: every procedure × every role × own tenant and
// another tenant, checked against the permission matrix. A procedure without a matrix entry, or
// without an input fixture here, fails the test.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessOf, allows, permissionsMarkdown, PERMISSIONS } from '../src/auth/permissions.js';
import { insertTask } from '../src/approvals/store.js';
import { insertConversation } from '../src/chat/store.js';
import { ROLES, type Role } from '@bizosaas/shared';
import { procedurePaths, procedureType } from '../src/router.js';
import {
  addMember,
  call,
  login,
  signUp,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from './harness.js';
import { manualFlow, webhookFlow } from './flows.js';

let server: TestServer;
let url: string;
/** Tenant A: an owner and one member per role. Tenant B: the other tenant, with its owner. */
let ownerA: Session;
let ownerB: Session;
const members = {} as Record<Role, Session>;

beforeAll(async () => {
  server = await startTestServer({ ingressWorker: false });
  url = server.url;
  ownerA = await signUp(url);
  ownerB = await signUp(url);
  members.owner = ownerA;
  for (const role of ROLES.filter((r) => r !== 'owner'))
    members[role] = await addMember(url, ownerA, role);
});
afterAll(() => server.close());

async function ok<T>(promise: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const result = await promise;
  if (result.data === undefined)
    throw new Error(`fixture call failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Resources created by a tenant's owner, for the caller to address. */
const make = {
  flow: async (owner: Session, graph = manualFlow()) =>
    (await ok<{ id: string }>(call(url, 'flows.create', { name: unique('flow'), graph }, owner)))
      .id,
  published: async (owner: Session, graph = manualFlow()) => {
    const flowId = await make.flow(owner, graph);
    await ok(call(url, 'flows.publish', { flowId, revision: 1 }, owner));
    return flowId;
  },
  connection: async (owner: Session) =>
    (
      await ok<{ id: string }>(
        call(
          url,
          'connections.create',
          {
            name: unique('conn'),
            type: 'http_auth',
            method: 'bearer',
            credentials: { token: 'k' },
          },
          owner,
        ),
      )
    ).id,
  invite: async (owner: Session) =>
    (
      await ok<{ inviteId: string }>(
        call(
          url,
          'members.invite',
          { email: `${unique('i')}@example.test`, role: 'viewer' },
          owner,
        ),
      )
    ).inviteId,
  member: async (owner: Session) => (await addMember(url, owner, 'viewer')).userId,
  run: async (owner: Session) => {
    const flowId = await make.published(owner);
    return (await ok<{ runId: string }>(call(url, 'runs.start', { flowId, payload: {} }, owner)))
      .runId;
  },
  otherSession: async (who: Session) => {
    const again = await login(url, who.email, who.password);
    const sessions = await ok<{ id: string; current: boolean }[]>(
      call(url, 'sessions.list', undefined, { ...again, type: 'query' }),
    );
    return sessions.find((s) => s.current)!.id;
  },
  /** An open approval task assigned to `assignee`, written straight to the table. */
  task: async (owner: Session, assignee: Session) => {
    const taskId = randomUUID();
    await insertTask(server.services.orm.em.fork(), {
      id: taskId,
      tenantId: owner.tenantId,
      flowId: randomUUID(),
      flowVersion: 1,
      runId: `${owner.tenantId}/x/${taskId}`,
      workflowId: `${owner.tenantId}/x/${taskId}`,
      nodeId: 'ask',
      nodeKey: 'ask',
      nodeName: 'ask',
      title: 'Approve?',
      description: '',
      details: {},
      form: [],
      required: 1,
      assignees: [assignee.userId],
      dueAt: null,
      createdAt: new Date(),
    });
    return taskId;
  },
  /** A chat conversation of `who`, written straight to the table (whatever their role). */
  conversation: async (who: Session) => {
    const id = randomUUID();
    await insertConversation(server.services.orm.em.fork(), {
      id,
      tenantId: who.tenantId,
      userId: who.userId,
      persona: 'seo_specialist',
      title: 'Chat',
      connectionId: null,
      model: '',
    });
    return id;
  },
  token: async (who: Session) =>
    (await ok<{ id: string }>(call(url, 'tokens.create', { name: 'x' }, who))).id,
};

interface Fixture {
  /** Input addressing a resource of `owner`'s tenant, called by `caller`. */
  input: (owner: Session, caller: Session) => Promise<unknown>;
  /** The call would end the caller's session: make it with a fresh one. */
  freshSession?: boolean;
  /** The input names a resource: in another tenant it must be not found. */
  resource?: boolean;
}

const none: Fixture = { input: async () => undefined };
const flowRef = (extra: Record<string, unknown> = {}): Fixture => ({
  resource: true,
  input: async (owner) => ({ flowId: await make.flow(owner), ...extra }),
});
const publishedRef = (extra: Record<string, unknown> = {}): Fixture => ({
  resource: true,
  input: async (owner) => ({ flowId: await make.published(owner), ...extra }),
});

const taskRef = (extra: () => Record<string, unknown> = () => ({})): Fixture => ({
  resource: true,
  input: async (owner, caller) => ({ taskId: await make.task(owner, caller), ...extra() }),
});

const FIXTURES: Record<string, Fixture> = {
  'auth.signUp': {
    input: async () => ({
      email: `${unique('new')}@example.test`,
      password: 'a long password',
      displayName: 'New',
      tenantName: 'New',
      tenantSlug: unique('n'),
    }),
  },
  'auth.login': {
    input: async (_owner, caller) => ({ email: caller.email, password: caller.password }),
  },
  'auth.acceptInvite': {
    input: async (owner) => {
      const invite = await ok<{ acceptUrl: string }>(
        call(
          url,
          'members.invite',
          { email: `${unique('a')}@example.test`, role: 'viewer' },
          owner,
        ),
      );
      return {
        token: invite.acceptUrl.split('#')[1],
        password: 'a long password',
        displayName: 'A',
      };
    },
  },
  'auth.me': none,
  'auth.logout': { ...none, freshSession: true },
  'auth.switchTenant': { resource: true, input: async (owner) => ({ tenantId: owner.tenantId }) },
  'sessions.list': none,
  'sessions.revoke': {
    resource: true,
    input: async (owner, caller) => ({
      sessionId: await make.otherSession(owner === ownerB ? ownerB : caller),
    }),
  },
  'tokens.list': none,
  'tokens.create': { input: async () => ({ name: 'ci' }) },
  'tokens.revoke': {
    resource: true,
    input: async (owner, caller) => ({
      tokenId: await make.token(owner === ownerB ? ownerB : caller),
    }),
  },
  'members.list': none,
  'members.invite': {
    input: async () => ({ email: `${unique('m')}@example.test`, role: 'viewer' }),
  },
  'members.updateRole': {
    resource: true,
    input: async (owner) => ({ userId: await make.member(owner), role: 'operator' }),
  },
  'members.remove': {
    resource: true,
    input: async (owner) => ({ userId: await make.member(owner) }),
  },
  'invites.list': none,
  'invites.revoke': {
    resource: true,
    input: async (owner) => ({ inviteId: await make.invite(owner) }),
  },
  'catalog.list': none,
  'flows.list': none,
  'flows.get': flowRef(),
  'flows.validate': flowRef(),
  'flows.versions': flowRef(),
  'flows.getVersion': publishedRef({ version: 1 }),
  'flows.diff': publishedRef({ from: 1, to: 'draft' }),
  'flows.export': flowRef(),
  'flows.create': { input: async () => ({ name: 'new flow' }) },
  'flows.saveDraft': flowRef({ revision: 1, name: 'renamed' }),
  'flows.update': flowRef({ name: 'renamed', tags: ['sales'] }),
  'flows.publish': flowRef({ revision: 1 }),
  'flows.restoreVersion': publishedRef({ version: 1, revision: 1 }),
  'flows.duplicate': flowRef(),
  'flows.archive': flowRef(),
  'flows.unarchive': flowRef(),
  'flows.import': { input: async () => ({ name: 'imported', document: manualFlow() }) },
  'flows.setActive': publishedRef({ active: false }),
  'webhooks.get': flowRef(),
  'webhooks.vendorEndpoint': flowRef(),
  'webhooks.revealSecret': {
    resource: true,
    input: async (owner) => ({ flowId: await make.published(owner, webhookFlow(unique('p'))) }),
  },
  'webhooks.rotateSecret': {
    resource: true,
    input: async (owner) => ({ flowId: await make.published(owner, webhookFlow(unique('p'))) }),
  },
  'connections.list': none,
  'connections.get': {
    resource: true,
    input: async (owner) => ({ connectionId: await make.connection(owner) }),
  },
  'connections.create': {
    input: async () => ({
      name: unique('c'),
      type: 'http_auth',
      method: 'bearer',
      credentials: { token: 's' },
    }),
  },
  'connections.catalog': none,
  'connections.authorize': {
    resource: true,
    input: async (owner) => ({ connectionId: await make.connection(owner) }),
  },
  'connections.update': {
    resource: true,
    input: async (owner) => ({ connectionId: await make.connection(owner), name: unique('c') }),
  },
  'connections.delete': {
    resource: true,
    input: async (owner) => ({ connectionId: await make.connection(owner) }),
  },
  'connections.test': {
    resource: true,
    input: async (owner) => ({ connectionId: await make.connection(owner) }),
  },
  'connections.options': {
    resource: true,
    input: async (owner) => ({ connectionId: await make.connection(owner), loader: 'channels' }),
  },
  'runs.list': none,
  'runs.get': { resource: true, input: async (owner) => ({ runId: await make.run(owner) }) },
  'runs.graph': { resource: true, input: async (owner) => ({ runId: await make.run(owner) }) },
  'runs.agentTranscript': {
    resource: true,
    input: async (owner) => ({ runId: await make.run(owner) }),
  },
  'runs.testRun': flowRef({ payload: { a: 1 } }),
  'runs.testData': flowRef(),
  'runs.clearTestData': flowRef(),
  'runs.start': publishedRef({ payload: {} }),
  'runs.cancel': { resource: true, input: async (owner) => ({ runId: await make.run(owner) }) },
  'runs.rerun': { resource: true, input: async (owner) => ({ runId: await make.run(owner) }) },
  'audit.list': none,
  'approvals.inbox': none,
  'approvals.history': none,
  'approvals.team': none,
  'approvals.get': taskRef(),
  'approvals.claim': taskRef(),
  'approvals.release': taskRef(),
  // Delegating to tenant A's owner: allowed callers get past authorization to a 4xx of substance.
  'approvals.delegate': taskRef(() => ({ toUserId: ownerA.userId })),
  'approvals.decide': taskRef(() => ({ decision: 'approve' })),
  'chat.list': none,
  'chat.get': {
    resource: true,
    input: async (owner, caller) => ({
      conversationId: await make.conversation(owner === ownerB ? ownerB : caller),
    }),
  },
  'chat.create': { input: async () => ({ persona: 'seo_specialist' }) },
  'chat.send': {
    resource: true,
    input: async (owner, caller) => ({
      conversationId: await make.conversation(owner === ownerB ? ownerB : caller),
      content: 'Which keyword?',
    }),
  },
  'settings.get': none,
  'settings.update': {
    input: async () => ({
      outbound: { allowPrivateNetworks: false, allowedHosts: ['api.example.test'] },
    }),
  },
  'system.health': none,
};

const isQuery = (path: string) => procedureType(path) === 'query';

describe('the permission matrix', () => {
  it('has exactly one entry per procedure of the router', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(procedurePaths());
  });

  it('has an input fixture for every procedure in this test', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(procedurePaths());
  });

  it('is published as server/PERMISSIONS.md, up to date', () => {
    const file = new URL('../PERMISSIONS.md', import.meta.url);
    expect(readFileSync(file, 'utf8')).toBe(permissionsMarkdown());
  });
});

describe.each(procedurePaths())('%s', (path) => {
  const fixture = FIXTURES[path] ?? none;
  const access = accessOf(path);

  it.each(ROLES)(
    'as %s: allowed or denied per the matrix, in its own tenant and in another',
    async (role) => {
      const allowed = allows(path, role, true);
      let caller = members[role];
      if (fixture.freshSession)
        caller = { ...caller, ...(await login(url, caller.email, caller.password)) };
      const type = isQuery(path) ? 'query' : 'mutation';

      const own = await call(url, path, await fixture.input(ownerA, caller), { ...caller, type });
      if (allowed) {
        expect([401, 403], `${path} as ${role}: ${JSON.stringify(own.error)}`).not.toContain(
          own.status,
        );
      } else {
        expect(own.status, `${path} as ${role}`).toBe(403);
        expect(own.error?.data.code).toBe('FORBIDDEN');
      }

      if (fixture.freshSession)
        caller = { ...caller, ...(await login(url, caller.email, caller.password)) };
      if (fixture.resource) {
        const other = await call(url, path, await fixture.input(ownerB, caller), {
          ...caller,
          type,
        });
        expect(
          other.status,
          `${path} as ${role} on another tenant: ${JSON.stringify(other.error)}`,
        ).toBe(allowed ? 404 : 403);
      } else if (access !== 'public' || allowed) {
        // Nothing to address: the tenant comes from the session, and naming one is refused.
        const input = ((await fixture.input(ownerA, caller)) ?? {}) as Record<string, unknown>;
        const other = await call(
          url,
          path,
          { ...input, tenantId: ownerB.tenantId },
          { ...caller, type },
        );
        expect(other.status, `${path} as ${role} naming another tenant`).toBe(allowed ? 400 : 403);
      }
    },
  );
});

describe('callers outside any tenant', () => {
  it.each(procedurePaths().filter((p) => accessOf(p) !== 'public'))(
    '%s refuses an anonymous call with 401',
    async (path) => {
      const result = await call(url, path, await (FIXTURES[path] ?? none).input(ownerA, ownerA), {
        type: isQuery(path) ? 'query' : 'mutation',
      });
      expect(result.status).toBe(401);
    },
  );
});
