// The flows `npm run up` seeds stay valid as node types evolve, and the service they call answers
// the real connectors in their vendors' shapes.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '@bizosaas/shared';
import { builtinCatalog, findConnector, type Connector } from '@bizosaas/nodes';
import {
  loadOptions,
  openConnection,
  pollTrigger,
  runOperation,
  testConnection,
  type CursorStore,
} from '@bizosaas/nodes/executors';
import { campaignFlow, leadIntakeFlow } from '../demo/demo-flows.js';
import { startDemoService } from '../demo/demo-service.js';
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
    const connections = { cms: 'c-cms', crm: 'c-crm', chat: 'c-chat' };
    const { graph } = build('http://127.0.0.1:3002', connections);
    expect(validate(graph, builtinCatalog())).toEqual([]);
    // The CMS, CRM and chat steps are connector nodes on the demo connections, not HTTP requests.
    const connected = graph.nodes.filter((n) => n.connectionId !== undefined);
    expect(connected.length).toBeGreaterThanOrEqual(2);
    for (const n of connected) expect(n.type).toMatch(/^(wordpress|hubspot|slack)\./);
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

  it('answers 404 for a route it does not serve', async () => {
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });
});
