// A vendor's webhook for a flow that starts on a connector's push trigger: signed as each vendor
// documents it (the signatures here are built with node:crypto, not the connectors' own code), it
// starts one run per event — a redelivery of the same event id lands on the same run — and a bad
// signature is a 401 that starts nothing and logs no secret. Slack's url_verification is answered.
import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/auth/tokens.js';
import { edge, node } from './flows.js';
import { call, signUp, startTestServer, unique, type Session, type TestServer } from './harness.js';

const logLines: string[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
);

let server: TestServer;
let owner: Session & { slug: string };
beforeAll(async () => {
  server = await startTestServer({ worker: true, ownPublicUrl: true, logger });
  owner = await signUp(server.url);
});
afterAll(() => server.close());

async function connect(type: string, method: string, credentials: Record<string, string>) {
  const made = await call<{ id: string }>(
    server.url,
    'connections.create',
    { name: unique(type), type, method, credentials },
    owner,
  );
  if (!made.data) throw new Error(JSON.stringify(made.error));
  return made.data.id;
}

/** Trigger → Set `{ got: <the event> }`, published; returns the URL to register at the vendor. */
async function publishEventFlow(triggerType: string, connectionId: string, params = {}) {
  const trigger = { ...node('trigger', triggerType, params), connectionId };
  const graph = {
    schemaVersion: 2,
    nodes: [trigger, node('set', 'core.set', { values: { got: '{{ $trigger }}' } })],
    edges: [edge('trigger', 'set')],
    settings: { variables: {} },
  };
  const flow = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: unique('events'), graph },
    owner,
  );
  const flowId = flow.data!.id;
  const before = await call<{ url: string; listening: boolean }>(
    server.url,
    'webhooks.vendorEndpoint',
    { flowId },
    { ...owner, type: 'query' },
  );
  expect(before.data).toMatchObject({ listening: false });
  const published = await call(server.url, 'flows.publish', { flowId, revision: 1 }, owner);
  if (!published.data) throw new Error(JSON.stringify(published.error));
  const after = await call<{ url: string; listening: boolean }>(
    server.url,
    'webhooks.vendorEndpoint',
    { flowId },
    { ...owner, type: 'query' },
  );
  expect(after.data).toEqual({ ...before.data, listening: true });
  expect(after.data!.url).toBe(`${server.url}/hooks/${owner.slug}/events/${flowId}`);
  return { flowId, url: after.data!.url };
}

const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

async function finished(runId: string) {
  let run: { status: string; result?: { output: { got: unknown } } } | undefined;
  for (let i = 0; i < 150 && run?.status !== 'completed'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    run = (await call<typeof run>(server.url, 'runs.get', { runId }, { ...owner, type: 'query' }))
      .data;
  }
  return run;
}

/** The run an event would start (its id comes from the vendor's event id). */
const runOfEvent = (flowId: string, connector: string, eventId: string) =>
  `${owner.tenantId}/${flowId}/event-${sha256(`${connector}:${eventId}`).slice(0, 40)}`;

const exists = async (runId: string) =>
  (await call(server.url, 'runs.get', { runId }, { ...owner, type: 'query' })).status !== 404;

describe('Stripe events (Stripe-Signature)', () => {
  const webhookSecret = `whsec_${unique('s')}`;
  // https://docs.stripe.com/webhooks#verify-manually: v1 = hex HMAC-SHA256 of "<t>.<raw body>".
  const sign = (body: string, key = webhookSecret, t = Math.floor(Date.now() / 1000)) => ({
    'stripe-signature': `t=${t},v1=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`,
  });

  it('starts one run per event, once however often Stripe delivers it', async () => {
    const connectionId = await connect('stripe', 'secret_key', {
      secretKey: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
      webhookSecret,
    });
    const { flowId, url } = await publishEventFlow('stripe.event', connectionId, {
      eventTypes: ['invoice.paid'],
    });
    const eventId = unique('evt');
    const body = JSON.stringify({
      id: eventId,
      object: 'event',
      type: 'invoice.paid',
      created: 1_700_000_000,
      livemode: false,
      data: { object: { id: 'in_1', object: 'invoice', amount_paid: 4200 } },
    });
    const first = await post(url, body, sign(body));
    expect(first.status).toBe(202);
    const { runIds } = (await first.json()) as { runIds: string[] };
    expect(runIds).toEqual([runOfEvent(flowId, 'stripe', eventId)]);
    // Stripe retries until it sees a 2xx; a retry is signed anew, with a new timestamp.
    const again = await post(
      url,
      body,
      sign(body, webhookSecret, Math.floor(Date.now() / 1000) + 1),
    );
    expect(again.status).toBe(202);
    expect(((await again.json()) as { runIds: string[] }).runIds).toEqual(runIds);
    expect((await finished(runIds[0]!))?.result?.output.got).toEqual({
      id: eventId,
      type: 'invoice.paid',
      created: 1_700_000_000,
      livemode: false,
      object: { id: 'in_1', object: 'invoice', amount_paid: 4200 },
    });

    const other = JSON.stringify({ id: unique('evt'), type: 'customer.created', data: {} });
    const skipped = await post(url, other, sign(other));
    expect(skipped.status).toBe(202);
    expect(await skipped.json()).toEqual({ runIds: [], status: 'accepted' });
  });

  it('a wrong, stale or missing signature is a 401: no run, and no secret in the logs', async () => {
    const connectionId = await connect('stripe', 'secret_key', {
      secretKey: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
      webhookSecret,
    });
    const { flowId, url } = await publishEventFlow('stripe.event', connectionId, {
      eventTypes: ['invoice.paid'],
    });
    const eventId = unique('evt');
    const body = JSON.stringify({ id: eventId, type: 'invoice.paid', data: { object: {} } });
    const stale = Math.floor(Date.now() / 1000) - 600;
    for (const headers of [sign(body, 'whsec_other'), sign(body, webhookSecret, stale), {}]) {
      const refused = await post(url, body, headers);
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain(webhookSecret);
    }
    expect(await exists(runOfEvent(flowId, 'stripe', eventId))).toBe(false);
    const logged = logLines.join('');
    expect(logged).toContain(`/events/${flowId}`);
    expect(logged).not.toContain(webhookSecret);
    expect(logged).not.toContain('sk_test_4eC39HqLyjWDarjtT1zdp7dc');
  });

  it('a paused flow listens no more: 404', async () => {
    const connectionId = await connect('stripe', 'secret_key', {
      secretKey: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
      webhookSecret,
    });
    const { flowId, url } = await publishEventFlow('stripe.event', connectionId);
    await call(server.url, 'flows.setActive', { flowId, active: false }, owner);
    const body = JSON.stringify({ id: unique('evt'), type: 'invoice.paid', data: {} });
    expect((await post(url, body, sign(body))).status).toBe(404);
  });
});

describe('Slack Events API (signing secret)', () => {
  const signingSecret = unique('slack-signing');
  // https://api.slack.com/authentication/verifying-requests-from-slack:
  // v0= hex HMAC-SHA256 of "v0:<timestamp>:<raw body>".
  const sign = (body: string, key = signingSecret) => {
    const ts = String(Math.floor(Date.now() / 1000));
    const digest = createHmac('sha256', key).update(`v0:${ts}:${body}`).digest('hex');
    return { 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${digest}` };
  };

  it('answers url_verification with its challenge, then starts a run per event', async () => {
    const connectionId = await connect('slack', 'bot_token', {
      botToken: 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy',
      signingSecret,
    });
    const { flowId, url } = await publishEventFlow('slack.event', connectionId, {
      eventTypes: ['message'],
    });
    const challenge = JSON.stringify({
      token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    const handshake = await post(url, challenge, sign(challenge));
    expect(handshake.status).toBe(200);
    expect(handshake.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await handshake.text()).toBe('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    expect((await post(url, challenge, sign(challenge, 'other'))).status).toBe(401);

    const eventId = unique('Ev');
    const callback = JSON.stringify({
      type: 'event_callback',
      team_id: 'T061EG9R6',
      event_id: eventId,
      event: { type: 'message', channel: 'C2147483705', user: 'U2147483697', text: 'Hello' },
    });
    const accepted = await post(url, callback, sign(callback));
    expect(accepted.status).toBe(202);
    const { runIds } = (await accepted.json()) as { runIds: string[] };
    expect(runIds).toEqual([runOfEvent(flowId, 'slack', eventId)]);
    expect((await finished(runIds[0]!))?.result?.output.got).toMatchObject({
      eventId,
      type: 'message',
      event: { text: 'Hello' },
    });
    const forged = unique('Ev');
    const forgedCallback = callback.replace(eventId, forged);
    expect((await post(url, forgedCallback, sign(forgedCallback, 'other'))).status).toBe(401);
    expect(await exists(runOfEvent(flowId, 'slack', forged))).toBe(false);
  });
});

describe('Shopify webhooks (X-Shopify-Hmac-Sha256)', () => {
  const webhookSecret = unique('shopify-secret');
  // https://shopify.dev/docs/apps/build/webhooks/subscribe/https: base64 HMAC-SHA256 of the raw body.
  const sign = (body: string, eventId: string, key = webhookSecret) => ({
    'x-shopify-hmac-sha256': createHmac('sha256', key).update(body).digest('base64'),
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': 'acme.myshopify.com',
    'x-shopify-webhook-id': unique('delivery'),
    'x-shopify-event-id': eventId,
  });

  it('one run per X-Shopify-Event-Id; a wrong HMAC is a 401', async () => {
    const connectionId = await connect('shopify', 'admin_token', {
      shop: 'acme.myshopify.com',
      accessToken: 'shpat_0123456789abcdef',
      webhookSecret,
    });
    const { flowId, url } = await publishEventFlow('shopify.webhook', connectionId);
    const eventId = unique('shopify-event');
    const body = JSON.stringify({ id: 820982911946154500, email: 'jon@example.com' });
    const first = await post(url, body, sign(body, eventId));
    const second = await post(url, body, sign(body, eventId));
    expect([first.status, second.status]).toEqual([202, 202]);
    const runIds = ((await first.json()) as { runIds: string[] }).runIds;
    expect(((await second.json()) as { runIds: string[] }).runIds).toEqual(runIds);
    expect(runIds).toEqual([runOfEvent(flowId, 'shopify', eventId)]);
    expect((await finished(runIds[0]!))?.result?.output.got).toMatchObject({
      topic: 'orders/create',
      shop: 'acme.myshopify.com',
      payload: { email: 'jon@example.com' },
    });
    const forged = unique('shopify-event');
    expect((await post(url, body, sign(body, forged, 'other'))).status).toBe(401);
    expect(await exists(runOfEvent(flowId, 'shopify', forged))).toBe(false);
  });
});

describe('HubSpot webhooks (X-HubSpot-Signature-v3)', () => {
  const clientSecret = unique('hubspot-secret');
  // https://developers.hubspot.com/docs/api/webhooks/validating-requests: base64 HMAC-SHA256 of
  // method + URI + body + timestamp (ms), keyed with the app's client secret.
  const sign = (url: string, body: string, key = clientSecret) => {
    const ts = String(Date.now());
    return {
      'x-hubspot-request-timestamp': ts,
      'x-hubspot-signature-v3': createHmac('sha256', key)
        .update(`POST${url}${body}${ts}`)
        .digest('base64'),
    };
  };

  it('a batch of events starts one run per event of the chosen types', async () => {
    const connectionId = await connect('hubspot', 'private_app', {
      accessToken: 'pat-na1-00000000-0000-0000-0000-000000000000',
      clientSecret,
    });
    const { flowId, url } = await publishEventFlow('hubspot.crm_event', connectionId, {
      subscriptionTypes: ['contact.creation'],
    });
    const base = Number(Date.now());
    const body = JSON.stringify([
      { eventId: base, subscriptionType: 'contact.creation', objectId: 501, portalId: 62515 },
      { eventId: base + 1, subscriptionType: 'deal.creation', objectId: 9, portalId: 62515 },
      { eventId: base + 2, subscriptionType: 'contact.creation', objectId: 502, portalId: 62515 },
    ]);
    const accepted = await post(url, body, sign(url, body));
    expect(accepted.status).toBe(202);
    const { runIds } = (await accepted.json()) as { runIds: string[] };
    expect(runIds).toEqual([
      runOfEvent(flowId, 'hubspot', String(base)),
      runOfEvent(flowId, 'hubspot', String(base + 2)),
    ]);
    expect((await finished(runIds[1]!))?.result?.output.got).toMatchObject({
      eventId: String(base + 2),
      objectId: '502',
    });
    // Signed for another URL, or with another secret: refused, and no run.
    const forged = JSON.stringify([
      { eventId: base + 3, subscriptionType: 'contact.creation', objectId: 503, portalId: 62515 },
    ]);
    expect((await post(url, forged, sign(`${url}/other`, forged))).status).toBe(401);
    expect((await post(url, forged, sign(url, forged, 'other'))).status).toBe(401);
    expect(await exists(runOfEvent(flowId, 'hubspot', String(base + 3)))).toBe(false);
  });
});
