// A tenant connects a Slack-like chat through OAuth2 against a real authorization server
// (oidc-provider on loopback): Connect → the provider's sign-in and consent → /oauth/callback →
// tokens in OpenBao only → refreshed before expiry, once however many ask → a revoked grant turns
// the connection to "needs attention" and the workspace's owners and admins get an email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinConnectors } from '@bizosaas/nodes';
import { ConnectionEntity } from '../src/db/entities.js';
import { connectionSecretPath } from '../src/secrets/vault.js';
import { refreshIfDue, type StoredSecret } from '../src/oauth/refresh.js';
import { sweepDueTokens } from '../src/oauth/sweep.js';
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
import {
  approve,
  startAuthorizationServer,
  type AuthorizationServer,
} from './authorization-server.js';
import {
  SLACK_LIKE_CLIENT,
  slackLikeConnector,
  SLACK_LIKE_SCOPES,
} from './slack-like-connector.js';
import { eventually, startSmtp } from './smtp.js';

const CLIENT = SLACK_LIKE_CLIENT;
const ATTENTION_STREAM = unique('connection-attention');

let issuer = '';
let server: TestServer;
let provider: AuthorizationServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let owner: Session;
let admin: Session;
let builder: Session;
let redirectUri: string;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({
    connectors: [...builtinConnectors, slackLikeConnector(() => issuer)],
    ownPublicUrl: true,
    platformWorker: true,
    connectionAttentionStream: ATTENTION_STREAM,
    config: {
      OAUTH_CLIENTS: { chatter: CLIENT },
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    },
  });
  redirectUri = `${server.url}/oauth/callback`;
  provider = await startAuthorizationServer({
    ...CLIENT,
    redirectUri,
    scopes: SLACK_LIKE_SCOPES,
  });
  issuer = provider.issuer;
  owner = await signUp(server.url);
  admin = await addMember(server.url, owner, 'admin');
  builder = await addMember(server.url, owner, 'builder');
  // The provider is on loopback: the tenant opens exactly its address, as for an on-premises API.
  const settings = await call(
    server.url,
    'settings.update',
    { outbound: { allowPrivateNetworks: false, allowedHosts: [new URL(issuer).host] } },
    owner,
  );
  expect(settings.error).toBeUndefined();
}, 60_000);

afterAll(async () => {
  await server?.close();
  await provider?.close();
  await smtp?.close();
});

interface ConnectionRow {
  id: string;
  name: string;
  type: string;
  status: string;
  scopes: string[];
  secretKeys: string[];
  lastError: string | null;
  lastTestError: string | null;
  tokenExpiresAt: string | null;
}

const list = async (session: Session) =>
  (
    await call<ConnectionRow[]>(server.url, 'connections.list', undefined, {
      ...session,
      type: 'query',
    })
  ).data!;

async function startConnect(session: Session, name: string) {
  const started = await call<{ authorizeUrl: string }>(
    server.url,
    'connections.authorize',
    { type: 'chatter', name },
    session,
  );
  expect(started.error).toBeUndefined();
  return started.data!.authorizeUrl;
}

/** The provider's redirect, opened in the browser of `session`. */
const callback = (url: string, session: Session) =>
  fetch(url, { redirect: 'manual', headers: { cookie: session.cookie } });

const readSecret = (connectionId: string) =>
  server.services.secrets.read<StoredSecret>(connectionSecretPath(owner.tenantId, connectionId));

describe('connecting through OAuth2', () => {
  let connectionId: string;
  let returnUrl: string;

  it('sends the browser to the provider with state and a PKCE challenge', async () => {
    const authorizeUrl = new URL(await startConnect(owner, 'Team chat'));
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${issuer}/auth`);
    const params = authorizeUrl.searchParams;
    expect(params.get('client_id')).toBe(CLIENT.clientId);
    expect(params.get('redirect_uri')).toBe(redirectUri);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(params.toString())).not.toContain(CLIENT.clientSecret);
    // Nothing exists until the provider sends the person back; what waits in Redis meanwhile
    // holds the PKCE verifier, never the platform's client secret.
    expect(await list(owner)).toEqual([]);
    const redis = server.services.redis;
    const pending = await Promise.all(
      (await redis.keys('oauth:pending:*')).map((key) => redis.get(key)),
    );
    const ours = pending.filter((value) => value?.includes(owner.tenantId));
    expect(ours).toHaveLength(1);
    expect(ours[0]).not.toContain(CLIENT.clientSecret);

    returnUrl = await approve(authorizeUrl.href, redirectUri);
    const answer = await callback(returnUrl, owner);
    expect(answer.status).toBe(303);
    const location = new URL(answer.headers.get('location')!, server.url);
    expect(location.pathname).toBe('/connections');
    connectionId = location.searchParams.get('connected')!;

    const [connection] = await list(owner);
    expect(connection).toMatchObject({
      id: connectionId,
      name: 'Team chat',
      type: 'chatter',
      status: 'untested',
      secretKeys: ['oauth2'],
    });
    expect(connection!.scopes).toEqual(expect.arrayContaining(['chat:write']));
    expect(Date.parse(connection!.tokenExpiresAt!)).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('keeps the tokens and the client secret in OpenBao only', async () => {
    const secret = await readSecret(connectionId);
    expect(secret).toMatchObject({ connector: 'chatter', method: 'oauth2', ...CLIENT });
    expect(secret!.oauth2!.accessToken.length).toBeGreaterThan(20);
    expect(secret!.oauth2!.refreshToken!.length).toBeGreaterThan(20);
    const [row] = await server.services.orm.em
      .fork()
      .getConnection()
      .execute(`SELECT * FROM connections WHERE id = ?`, [connectionId]);
    const everywhere = JSON.stringify([row, await list(owner)]);
    for (const value of [
      secret!.oauth2!.accessToken,
      secret!.oauth2!.refreshToken!,
      CLIENT.clientSecret,
    ])
      expect(everywhere).not.toContain(value);
  });

  it('refuses the same callback twice with a page saying so, and stores nothing', async () => {
    const before = await readSecret(connectionId);
    const again = await callback(returnUrl, owner);
    expect(again.status).toBe(400);
    const page = await again.text();
    expect(page).toContain('already used or has expired');
    expect(page).toContain('Nothing was connected');
    expect(await list(owner)).toHaveLength(1);
    expect(await readSecret(connectionId)).toEqual(before);
  });

  it('refuses a forged state', async () => {
    const forged = new URL(returnUrl);
    forged.searchParams.set('state', 'x'.repeat(43));
    const answer = await callback(forged.href, owner);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('unknown, was already used or has expired');
    expect(await list(owner)).toHaveLength(1);
  });

  it('refuses a callback that arrives in another session, even of the same person', async () => {
    const authorizeUrl = await startConnect(owner, 'Stolen chat');
    const back = await approve(authorizeUrl, redirectUri);
    const elsewhere = await login(server.url, owner.email, owner.password);
    const answer = await callback(back, elsewhere);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('started in another session');
    // The state was spent: the right browser cannot use it afterwards either.
    expect((await callback(back, owner)).status).toBe(400);
    expect((await list(owner)).map((c) => c.name)).toEqual(['Team chat']);
  });

  it('says so when the person declines at the provider', async () => {
    const authorizeUrl = new URL(await startConnect(owner, 'Declined chat'));
    const declined = new URL(redirectUri);
    declined.searchParams.set('state', authorizeUrl.searchParams.get('state')!);
    declined.searchParams.set('error', 'access_denied');
    declined.searchParams.set('error_description', 'End-User aborted interaction');
    const answer = await callback(declined.href, owner);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('did not grant access (access_denied');
    expect(await list(owner)).toHaveLength(1);
  });

  it('refreshes a token about to expire once, however many ask at the same time', async () => {
    const path = connectionSecretPath(owner.tenantId, connectionId);
    const stored = (await readSecret(connectionId))!;
    const soon = Date.now() + 60_000;
    await server.services.secrets.write(path, {
      ...stored,
      oauth2: { ...stored.oauth2!, expiresAt: soon },
    });
    const em = server.services.orm.em.fork();
    await em.nativeUpdate(
      ConnectionEntity,
      { id: connectionId },
      { tokenExpiresAt: new Date(soon) },
    );

    let grants = 0;
    const count = () => grants++;
    provider.provider.on('grant.success', count);
    const connection = (await em.findOne(ConnectionEntity, { id: connectionId }))!;
    const outbound = { allowPrivateNetworks: false, allowedHosts: [new URL(issuer).host] };
    await Promise.all(
      [1, 2, 3].map(() =>
        refreshIfDue(
          server.services.orm.em.fork(),
          server.services.connections,
          connection,
          outbound,
        ),
      ),
    );
    provider.provider.off('grant.success', count);

    expect(grants).toBe(1);
    const now = await readSecret(connectionId);
    expect(now!.oauth2!.accessToken).not.toBe(stored.oauth2!.accessToken);
    expect(now!.oauth2!.refreshToken).toBeDefined();
    expect(now!.oauth2!.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    const [row] = await list(owner);
    expect(Date.parse(row!.tokenExpiresAt!)).toBe(now!.oauth2!.expiresAt);
  });

  it('turns a revoked grant into "needs attention" and emails the owners and admins', async () => {
    const stored = (await readSecret(connectionId))!;
    // The person removes the app in the vendor's settings.
    await provider.revoke(stored.oauth2!.refreshToken!);
    const path = connectionSecretPath(owner.tenantId, connectionId);
    const soon = Date.now() + 60_000;
    await server.services.secrets.write(path, {
      ...stored,
      oauth2: { ...stored.oauth2!, expiresAt: soon },
    });
    await server.services.orm.em
      .fork()
      .nativeUpdate(ConnectionEntity, { id: connectionId }, { tokenExpiresAt: new Date(soon) });

    const swept = await sweepDueTokens(
      server.services.orm,
      server.services.connections,
      server.services.logger,
    );
    expect(swept.failed).toBeGreaterThanOrEqual(1);
    const [connection] = await list(owner);
    expect(connection!.status).toBe('needs_attention');
    expect(connection!.lastError).toContain('no longer accepts');

    const mail = await eventually(() =>
      smtp.received.find((m) => m.subject === 'Connection "Team chat" needs attention'),
    );
    const to = [mail.to].flat().flatMap((a) => a!.value.map((v) => v.address));
    expect(to.sort()).toEqual([owner.email, admin.email].sort());
    expect(to).not.toContain(builder.email);
    expect(mail.text).toContain(`${server.url}/connections?focus=${connectionId}`);

    // A second sweep leaves the marked connection alone and sends nothing more. (The sweep covers
    // every tenant on the shared test database, so only this connection's part is asserted.)
    await sweepDueTokens(server.services.orm, server.services.connections, server.services.logger);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const mails = smtp.received.filter(
      (m) => m.subject === 'Connection "Team chat" needs attention',
    );
    expect(mails).toHaveLength(1);
    expect((await list(owner))[0]!.status).toBe('needs_attention');
  });

  it('connects the same connection again, which makes it usable', async () => {
    const started = await call<{ authorizeUrl: string }>(
      server.url,
      'connections.authorize',
      { connectionId },
      owner,
    );
    const back = await approve(started.data!.authorizeUrl, redirectUri);
    expect((await callback(back, owner)).status).toBe(303);
    const [connection] = await list(owner);
    expect(connection).toMatchObject({ id: connectionId, status: 'untested', lastError: null });
  });

  it('tests the connection with its real test request through the connector client', async () => {
    const tested = await call<{ ok: boolean; error: string | null }>(
      server.url,
      'connections.test',
      { connectionId },
      owner,
    );
    expect(tested.data).toMatchObject({ ok: true, error: null });
    const [connection] = await list(owner);
    expect(connection).toMatchObject({ status: 'ok', lastTestError: null });
  });

  it('says the vendor refused the credentials once the access token is revoked', async () => {
    const mailsBefore = smtp.received.length;
    const stored = (await readSecret(connectionId))!;
    await provider.revoke(stored.oauth2!.accessToken);
    const tested = await call<{ ok: boolean; refused: boolean; error: string }>(
      server.url,
      'connections.test',
      { connectionId },
      owner,
    );
    expect(tested.data).toMatchObject({ ok: false, refused: true });
    expect(tested.data!.error).toMatch(/^Chatter refused the credentials: /);
    expect(tested.data!.error).not.toContain(stored.oauth2!.accessToken);
    const [connection] = await list(owner);
    expect(connection).toMatchObject({
      status: 'needs_attention',
      lastTestError: tested.data!.error,
    });
    await eventually(() => (smtp.received.length > mailsBefore ? true : undefined));
  });
});

describe('connection types', () => {
  it('refuses a type that is not registered, and fields the type does not have', async () => {
    const unknown = await call(
      server.url,
      'connections.create',
      { name: 'x', type: 'acme_crm', credentials: { token: 't' } },
      owner,
    );
    expect(unknown.error?.data.code).toBe('BAD_REQUEST');
    expect(unknown.error?.message).toContain('unknown connection type "acme_crm"');
    const extra = await call(
      server.url,
      'connections.create',
      {
        name: 'x',
        type: 'slack',
        method: 'bot_token',
        credentials: { botToken: 'xoxb-1', color: 'red' },
      },
      owner,
    );
    expect(extra.error?.data.code).toBe('BAD_REQUEST');
    expect(extra.error?.message).toContain('color');
  });

  it("lists every connector with its forms, node types and this tenant's connections", async () => {
    const catalog = await call<
      Array<{
        id: string;
        category: string;
        methods: Array<{
          id: string;
          kind: string;
          form: { properties: Record<string, unknown> };
          secretFields: string[];
          platformApp: boolean | null;
        }>;
        operations: Array<{ type: string }>;
        connections: Array<{ id: string; status: string }>;
      }>
    >(server.url, 'connections.catalog', undefined, { ...builder, type: 'query' });
    const slack = catalog.data!.find((c) => c.id === 'slack')!;
    expect(slack.category).toBe('messaging');
    const botToken = slack.methods.find((m) => m.id === 'bot_token')!;
    expect(botToken.kind).toBe('bearer');
    expect(Object.keys(botToken.form.properties)).toContain('botToken');
    expect(botToken.secretFields).toContain('botToken');
    // Slack has no platform app configured here: its OAuth form asks for the tenant's own.
    const slackOAuth = slack.methods.find((m) => m.kind === 'oauth2')!;
    expect(slackOAuth.platformApp).toBe(false);
    expect(Object.keys(slackOAuth.form.properties)).toEqual(
      expect.arrayContaining(['clientId', 'clientSecret']),
    );
    expect(slack.operations.map((o) => o.type)).toContain('slack.send_message');

    const chatter = catalog.data!.find((c) => c.id === 'chatter')!;
    expect(chatter.methods[0]!.platformApp).toBe(true);
    expect(Object.keys(chatter.methods[0]!.form.properties ?? {})).not.toContain('clientSecret');
    expect(chatter.connections.map((c) => c.status)).toEqual(['needs_attention']);
  });
});

describe('reports from workers', () => {
  it('marks a connection a run found refused as needing attention, and tells the admins', async () => {
    const created = await call<{ id: string }>(
      server.url,
      'connections.create',
      { name: 'Billing API', type: 'http_auth', method: 'bearer', credentials: { token: 't-1' } },
      owner,
    );
    const connectionId = created.data!.id;
    // What a worker appends when the vendor answers 401 during a run (it has no database).
    await server.services.redis.xadd(
      ATTENTION_STREAM,
      '*',
      'tenantId',
      owner.tenantId,
      'connectionId',
      connectionId,
      'reason',
      'api.billing.example answered 401: invalid token',
      'at',
      new Date().toISOString(),
    );
    const marked = await eventually(async () => {
      const row = (await list(owner)).find((c) => c.id === connectionId);
      return row?.status === 'needs_attention' ? row : undefined;
    });
    expect(marked.lastError).toBe('api.billing.example answered 401: invalid token');
    await eventually(() =>
      smtp.received.find((m) => m.subject === 'Connection "Billing API" needs attention'),
    );
  });
});
