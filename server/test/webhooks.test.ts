// Webhook triggers: the caller proves it knows the endpoint's secret, a replayed Idempotency-Key
// gets the same run, async calls answer 202 with the run id once Temporal has started it, sync
// calls answer with the result.
import { createHmac } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, manualFlow, node, webhookFlow } from './flows.js';
import {
  call,
  publishWebhookFlow,
  signUp,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from './harness.js';

let server: TestServer;
let owner: Session & { slug: string };
beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await signUp(server.url);
});
afterAll(() => server.close());

const publishHook = (params: Record<string, unknown> = {}) =>
  publishWebhookFlow(server.url, owner, params);

const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('webhook endpoints', () => {
  it('refuses a wrong or missing secret with 401', async () => {
    const hook = await publishHook();
    expect((await post(hook.url, '{}', { 'x-webhook-secret': 'wrong' })).status).toBe(401);
    expect((await post(hook.url, '{}', {})).status).toBe(401);
    expect((await post(`${server.url}/hooks/${owner.slug}/nope`, '{}', {})).status).toBe(404);
  });

  it('answers 202 with a run id, and the same run for a replayed Idempotency-Key', async () => {
    const hook = await publishHook();
    const headers = { 'x-webhook-secret': hook.secret, 'idempotency-key': unique('key') };
    const first = await post(hook.url, '{"email":"a@b.c"}', headers);
    const second = await post(hook.url, '{"email":"a@b.c"}', headers);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    const a = (await first.json()) as { runId: string };
    const b = (await second.json()) as { runId: string };
    expect(b.runId).toBe(a.runId);
    let run: { status: string; result?: unknown } | undefined;
    for (let i = 0; i < 100 && run?.status !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = (
        await call<{ status: string }>(
          server.url,
          'runs.get',
          { runId: a.runId },
          { ...owner, type: 'query' },
        )
      ).data;
    }
    expect(run).toMatchObject({
      status: 'completed',
      result: { output: { received: { email: 'a@b.c' }, ok: true } },
    });
    // Temporal took the run at once, so no job of it waits in the queue (a call the queue takes,
    // over the tenant's start limit, is in regression/noisy-tenant-start-limit.test.ts).
    const redis = new Redis(server.services.config.REDIS_URL);
    try {
      const jobs = [];
      for (const key of await redis.keys(`bull:${server.services.ingress.queue.name}:*`)) {
        if ((await redis.type(key)) !== 'hash') continue;
        if ((await redis.hget(key, 'data'))?.includes(hook.flowId)) jobs.push(key);
      }
      expect(jobs).toEqual([]);
    } finally {
      await redis.quit();
    }
    const other = await post(hook.url, '{}', {
      'x-webhook-secret': hook.secret,
      'idempotency-key': unique('key'),
    });
    expect(((await other.json()) as { runId: string }).runId).not.toBe(a.runId);
  });

  it('answers a sync call with the flow result, and verifies HMAC signatures', async () => {
    const hook = await publishHook({ responseMode: 'sync', auth: 'hmac_sha256' });
    const body = '{"n":42}';
    const signature = `sha256=${createHmac('sha256', hook.secret).update(body).digest('hex')}`;
    const response = await post(hook.url, body, { 'x-signature': signature });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      result: { output: { received: { n: 42 }, ok: true } },
    });
    const tampered = await post(hook.url, '{"n":43}', { 'x-signature': signature });
    expect(tampered.status).toBe(401);
  });

  it('answers a sync call as its Respond to webhook node says, without platform cookies', async () => {
    const path = unique('respond');
    const graph = webhookFlow(path, { responseMode: 'sync' });
    graph.nodes.push(
      node('switch', 'core.if', { condition: '{{ $trigger.body.n > 10 }}' }),
      node('created', 'core.respond_webhook', {
        status: 201,
        headers: { 'x-order': '{{ $trigger.body.id }}', 'set-cookie': 'session=stolen' },
        body: { id: '{{ $trigger.body.id }}', big: true },
      }),
      node('plain', 'core.respond_webhook', {
        status: 202,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'small order {{ $trigger.body.id }}',
      }),
    );
    graph.edges.push(
      edge('set', 'switch'),
      edge('switch', 'created', 'true'),
      edge('switch', 'plain', 'false'),
    );
    const flow = await call<{ id: string }>(
      server.url,
      'flows.create',
      { name: path, graph },
      owner,
    );
    const published = await call<{ webhook: { secret: string } }>(
      server.url,
      'flows.publish',
      { flowId: flow.data!.id, revision: 1 },
      owner,
    );
    const hook = {
      url: `${server.url}/hooks/${owner.slug}/${path}`,
      secret: published.data!.webhook.secret,
    };

    const big = await post(hook.url, '{"id":"A-1","n":42}', { 'x-webhook-secret': hook.secret });
    expect(big.status).toBe(201);
    expect(big.headers.get('x-order')).toBe('A-1');
    expect(big.headers.get('set-cookie')).toBeNull();
    expect(big.headers.get('x-run-id')).toMatch(new RegExp(`^${owner.tenantId}/`));
    expect(await big.json()).toEqual({ id: 'A-1', big: true });

    const small = await post(hook.url, '{"id":"A-2","n":3}', { 'x-webhook-secret': hook.secret });
    expect(small.status).toBe(202);
    expect(small.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await small.text()).toBe('small order A-2');
  });

  it('flags a Respond to webhook node in a flow no webhook starts', async () => {
    const graph = manualFlow();
    graph.nodes.push(node('respond', 'core.respond_webhook', { body: 'hi' }, 'Answer'));
    graph.edges.push(edge('set', 'respond'));
    const validated = await call<{ problems: { code: string; message: string }[] }>(
      server.url,
      'flows.validate',
      { graph },
      { ...owner, type: 'query' },
    );
    expect(validated.data?.problems).toContainEqual(
      expect.objectContaining({
        code: 'WRONG_TRIGGER',
        message: '"Answer" (Respond to webhook) works only in a flow started by a Webhook trigger',
      }),
    );
  });

  it('reveals the current secret to a builder; a rotated one replaces it, the audit log keeps neither', async () => {
    const hook = await publishHook();
    const reveal = () =>
      call<{ secret: string }>(server.url, 'webhooks.revealSecret', { flowId: hook.flowId }, owner);
    expect((await reveal()).data?.secret).toBe(hook.secret);
    const rotated = await call<{ secret: string }>(
      server.url,
      'webhooks.rotateSecret',
      { flowId: hook.flowId },
      owner,
    );
    const secret = rotated.data!.secret;
    expect(secret).not.toBe(hook.secret);
    expect((await reveal()).data?.secret).toBe(secret);
    expect((await post(hook.url, '{}', { 'x-webhook-secret': hook.secret })).status).toBe(401);
    expect((await post(hook.url, '{}', { 'x-webhook-secret': secret })).status).toBe(202);
    const log = await call<{ items: { action: string }[] }>(
      server.url,
      'audit.list',
      { action: 'webhook.' },
      { ...owner, type: 'query' },
    );
    expect(JSON.stringify(log.data)).toContain('webhook.secret_revealed');
    expect(JSON.stringify(log.data)).not.toContain(secret);
    expect(JSON.stringify(log.data)).not.toContain(hook.secret);
  });

  it("runs the draft as a test run from the test URL, while the production URL runs what's published", async () => {
    const hook = await publishHook({ responseMode: 'sync' });
    const graph = webhookFlow(new URL(hook.url).pathname.split('/').pop()!, {
      responseMode: 'sync',
    });
    graph.nodes[1]!.params = { values: { draft: true } };
    const saved = await call(
      server.url,
      'flows.saveDraft',
      { flowId: hook.flowId, revision: 1, graph },
      owner,
    );
    expect(saved.error).toBeUndefined();
    const testUrl = hook.url.replace(`/hooks/${owner.slug}/`, `/hooks/${owner.slug}/test/`);
    const headers = { 'x-webhook-secret': hook.secret, 'idempotency-key': unique('key') };
    const tried = await post(testUrl, '{"n":1}', headers);
    expect(tried.status).toBe(200);
    const test = (await tried.json()) as { runId: string; result: unknown };
    expect(test.result).toMatchObject({ output: { draft: true } });
    // The same key on the production URL is another run, of version 1.
    const live = await post(hook.url, '{"n":1}', headers);
    const published = (await live.json()) as { runId: string; result: unknown };
    expect(published.runId).not.toBe(test.runId);
    expect(published.result).toMatchObject({ output: { received: { n: 1 }, ok: true } });
    const run = await call<{ version: number }>(
      server.url,
      'runs.get',
      { runId: test.runId },
      { ...owner, type: 'query' },
    );
    expect(run.data?.version).toBe(0);
    expect((await post(testUrl, '{}', { 'x-webhook-secret': 'wrong' })).status).toBe(401);
  });

  it('parses bodies strictly by Content-Type', async () => {
    const hook = await publishHook();
    const send = (body: string, type?: string) =>
      fetch(hook.url, {
        method: 'POST',
        body,
        headers: { 'x-webhook-secret': hook.secret, ...(type ? { 'content-type': type } : {}) },
      });
    expect((await send('{not json', 'application/json')).status).toBe(400);
    expect((await send('a=1&b=%zz', 'application/x-www-form-urlencoded')).status).toBe(400);
    expect((await send('<xml/>', 'application/xml')).status).toBe(415);
    expect((await send('a=1&b=2', 'application/x-www-form-urlencoded')).status).toBe(202);
    expect((await send('plain words', 'text/plain')).status).toBe(202);
    expect(
      (await fetch(hook.url, { method: 'GET', headers: { 'x-webhook-secret': hook.secret } }))
        .status,
    ).toBe(405);
  });
});
