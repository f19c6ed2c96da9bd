// Signing up, logging in, CSRF, API tokens, sessions, invites (by link and by email) and switching
// tenant, as a user and a script would see them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  call,
  login,
  signUp,
  startTestServer,
  unique,
  type TestServer,
} from './harness.js';
import { eventually, startSmtp } from './smtp.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ingressWorker: false });
});
afterAll(() => server.close());

describe('sessions and CSRF', () => {
  it('sets an httpOnly SameSite session cookie and refuses cookie mutations without the CSRF header', async () => {
    const { url } = server;
    const email = `${unique('u')}@example.test`;
    const signed = await call(url, 'auth.signUp', {
      email,
      password: 'long enough password',
      displayName: 'U',
      tenantName: 'T',
      tenantSlug: unique('t'),
    });
    const sessionCookie = signed.setCookie.find((c) => c.startsWith('bz_session='))!;
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);
    const owner = await login(url, email, 'long enough password');
    const withoutCsrf = await call(url, 'flows.create', { name: 'x' }, { cookie: owner.cookie });
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.error?.message).toMatch(/x-csrf-token/);
    expect((await call(url, 'flows.create', { name: 'x' }, owner)).status).toBe(200);
  });

  it('refuses unknown keys such as tenantId instead of assigning them', async () => {
    const owner = await signUp(server.url);
    const flow = await call<{ id: string }>(server.url, 'flows.create', { name: 'f' }, owner);
    const sneaky = await call(
      server.url,
      'flows.saveDraft',
      { flowId: flow.data!.id, revision: 1, tenantId: 'x', ownerId: 'y' },
      owner,
    );
    expect(sneaky.status).toBe(400);
    expect(sneaky.error?.message).toMatch(/tenantId/);
  });

  it('logs out, lists and revokes sessions', async () => {
    const owner = await signUp(server.url);
    const second = await login(server.url, owner.email, owner.password);
    const sessions = await call<{ id: string; current: boolean }[]>(
      server.url,
      'sessions.list',
      undefined,
      { ...owner, type: 'query' },
    );
    expect(sessions.data).toHaveLength(2);
    const other = sessions.data!.find((s) => !s.current)!;
    expect((await call(server.url, 'sessions.revoke', { sessionId: other.id }, owner)).status).toBe(
      200,
    );
    expect(
      (await call(server.url, 'auth.me', undefined, { ...second, type: 'query' })).status,
    ).toBe(401);
    expect((await call(server.url, 'auth.logout', undefined, owner)).status).toBe(200);
    expect((await call(server.url, 'auth.me', undefined, { ...owner, type: 'query' })).status).toBe(
      401,
    );
  });

  it('throttles failed logins per email and source: a few free, then a delay', async () => {
    const owner = await signUp(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await fetch(`${server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.1' },
        body: JSON.stringify({ email: owner.email, password: 'wrong password' }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, act for their owner without CSRF, and stop when revoked', async () => {
    const owner = await signUp(server.url);
    const created = await call<{ id: string; token: string }>(
      server.url,
      'tokens.create',
      { name: 'ci' },
      owner,
    );
    const token = created.data!.token;
    expect(token).toMatch(/^bzt_/);
    const listed = await call<Record<string, unknown>[]>(server.url, 'tokens.list', undefined, {
      ...owner,
      type: 'query',
    });
    expect(JSON.stringify(listed.data)).not.toContain(token);
    expect((await call(server.url, 'flows.create', { name: 'by script' }, { token })).status).toBe(
      200,
    );
    await call(server.url, 'tokens.revoke', { tokenId: created.data!.id }, owner);
    expect((await call(server.url, 'flows.list', undefined, { token, type: 'query' })).status).toBe(
      401,
    );
  });
});

describe('members', () => {
  it('invites by link, and a member of two tenants switches between them', async () => {
    const a = await signUp(server.url);
    const b = await signUp(server.url);
    const member = await addMember(server.url, a, 'builder');
    const invite = await call<{ acceptUrl: string }>(
      server.url,
      'members.invite',
      { email: member.email, role: 'viewer' },
      b,
    );
    const token = invite.data!.acceptUrl.split('#')[1];
    const joined = await call<{ tenants: { id: string }[] }>(server.url, 'auth.acceptInvite', {
      token,
      password: member.password,
    });
    expect(joined.data?.tenants.map((t) => t.id).sort()).toEqual([a.tenantId, b.tenantId].sort());
    const switched = await call<{ tenant: { id: string; role: string } }>(
      server.url,
      'auth.switchTenant',
      { tenantId: b.tenantId },
      member,
    );
    expect(switched.data?.tenant).toMatchObject({ id: b.tenantId, role: 'viewer' });
    expect((await call(server.url, 'flows.create', { name: 'no' }, member)).status).toBe(403);
    expect(
      (await call(server.url, 'auth.switchTenant', { tenantId: a.tenantId }, member)).status,
    ).toBe(200);
    expect((await call(server.url, 'flows.create', { name: 'yes' }, member)).status).toBe(200);
  });

  it('keeps at least one owner, and an admin cannot grant ownership', async () => {
    const owner = await signUp(server.url);
    const admin = await addMember(server.url, owner, 'admin');
    expect(
      (
        await call(
          server.url,
          'members.updateRole',
          { userId: owner.userId, role: 'viewer' },
          owner,
        )
      ).status,
    ).toBe(409);
    expect(
      (await call(server.url, 'members.updateRole', { userId: admin.userId, role: 'owner' }, admin))
        .status,
    ).toBe(403);
  });
});

describe('invitations by email', () => {
  let mailing: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    mailing = await startTestServer({
      ingressWorker: false,
      platformWorker: true,
      config: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL: 'http://app.bizosaas.test' },
    });
  });
  afterAll(async () => {
    await mailing?.close();
    await smtp?.close();
  });

  it('emails the invitee the link that lets them join, when the server sends mail', async () => {
    const owner = await signUp(mailing.url);
    const email = `${unique('invitee')}@example.test`;
    const invite = await call<{ acceptUrl: string; emailed: boolean }>(
      mailing.url,
      'members.invite',
      { email, role: 'approver' },
      owner,
    );
    expect(invite.data?.emailed).toBe(true);
    const mail = await eventually(() =>
      smtp.received.find((m) => m.to && JSON.stringify(m.to).includes(email)),
    );
    expect(mail.subject).toMatch(/invited you to .* on BizOSaaS/);
    expect(mail.text).toContain('as approver');
    expect(mail.text).toContain(invite.data!.acceptUrl);
    // The emailed link is the one that works.
    const token = /\/invite#(\S+)/.exec(mail.text ?? '')![1];
    const joined = await call(mailing.url, 'auth.acceptInvite', {
      token,
      password: 'invitee password 123',
      displayName: 'Invitee',
    });
    expect(joined.status).toBe(200);
  });

  it('says the invite was not emailed when the server has no mail to send it with', async () => {
    const owner = await signUp(server.url);
    const invite = await call<{ emailed: boolean }>(
      server.url,
      'members.invite',
      { email: `${unique('invitee')}@example.test`, role: 'viewer' },
      owner,
    );
    expect(invite.data?.emailed).toBe(false);
  });
});

describe('connections', () => {
  it('keeps secret values in OpenBao only and never returns them', async () => {
    const owner = await signUp(server.url);
    const created = await call<{ id: string; secretKeys: string[] }>(
      server.url,
      'connections.create',
      {
        name: 'crm',
        type: 'http_auth',
        method: 'basic',
        credentials: { username: 'crm-bot', password: 'super-secret-value' },
      },
      owner,
    );
    expect(created.data?.secretKeys).toEqual(['password']);
    expect(JSON.stringify(created)).not.toContain('super-secret-value');
    const row = await server.services.orm.em
      .fork()
      .getConnection()
      .execute(`SELECT * FROM connections WHERE id = ?`, [created.data!.id]);
    expect(JSON.stringify(row)).not.toContain('super-secret-value');
    const tested = await call<{ ok: boolean }>(
      server.url,
      'connections.test',
      { connectionId: created.data!.id },
      owner,
    );
    expect(tested.data?.ok).toBe(true);
    const fetched = await call(
      server.url,
      'connections.get',
      { connectionId: created.data!.id },
      { ...owner, type: 'query' },
    );
    expect(JSON.stringify(fetched)).not.toContain('super-secret-value');
  });
});
