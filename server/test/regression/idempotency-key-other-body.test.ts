// Regression: a replayed Idempotency-Key with a *different* body answered 202 with the first run,
// and the second body was silently dropped. It is now refused with 422 (as Stripe does), by any
// server process, in async and sync mode; a replay with the same body still gets the same run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  finishedRun,
  publishWebhookFlow,
  signUp,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from '../harness.js';

let server: TestServer;
/** A second server process on the same stack, as behind a load balancer. */
let other: TestServer;
let owner: Session & { slug: string };
beforeAll(async () => {
  [server, other] = await Promise.all([
    startTestServer({ worker: true }),
    startTestServer({ ingressWorker: false }),
  ]);
  owner = await signUp(server.url);
});
afterAll(() => Promise.all([server.close(), other.close()]));

async function publishHook(params: Record<string, unknown>) {
  const hook = await publishWebhookFlow(server.url, owner, params);
  return {
    ...hook,
    headers: {
      'content-type': 'application/json',
      'x-webhook-secret': hook.secret,
      'idempotency-key': unique('key'),
    },
  };
}

const send = async (base: string, hook: Awaited<ReturnType<typeof publishHook>>, body: string) => {
  const response = await fetch(hook.url.replace(server.url, base), {
    method: 'POST',
    body,
    headers: hook.headers,
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      runId?: string;
      error?: { code: string; message: string };
    },
  };
};

async function runsOf(flowId: string) {
  const list = await call<{ runs: Array<{ runId: string }> }>(
    server.url,
    'runs.list',
    { flowId },
    { ...owner, type: 'query' },
  );
  return list.data!.runs.map((run) => run.runId);
}

describe.each(['async', 'sync'] as const)('%s webhooks', (responseMode) => {
  it('refuse a replayed Idempotency-Key with another body, on any server, and keep the first run', async () => {
    const hook = await publishHook({ responseMode });
    const first = await send(server.url, hook, '{"order":1}');
    expect(first.status).toBe(responseMode === 'async' ? 202 : 200);
    const replay = await send(server.url, hook, '{"order":1}');
    expect(replay.status).toBe(first.status);
    expect(replay.body.runId).toBe(first.body.runId);

    for (const base of [server.url, other.url]) {
      const changed = await send(base, hook, '{"order":2}');
      expect(changed.status).toBe(422);
      expect(changed.body.error).toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: expect.stringContaining('idempotency key reused with a different body'),
      });
    }
    const run = await finishedRun(server.url, owner, first.body.runId!);
    expect(run.result).toMatchObject({ output: { received: { order: 1 } } });
    expect(await runsOf(hook.flowId)).toEqual([first.body.runId]);
  });
});
