// Regression: a 40 KB webhook body of 20,000 nested arrays answered 500 ("Unable to convert
// [object Object] to payload" while sealing it for Redis), a 5,000-deep runs.testRun payload 503
// (a RangeError deep in the run start) and runs.list with pageToken "AAAAAAAA" 503 (Temporal
// answers a token it cannot read like an outage). Each is the caller's mistake: a 400 that says
// what is wrong, and no run started.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CSRF_HEADER } from '@bizosaas/shared';
import { JSON_MAX_DEPTH } from '../../src/http/json-depth.js';
import {
  call,
  publishWebhookFlow,
  signUp,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from '../harness.js';
import { manualFlow } from '../flows.js';

let server: TestServer;
let owner: Session & { slug: string };
beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await signUp(server.url);
});
afterAll(() => server.close());

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/**
 * Waits until the flow's runs are exactly `runId`, a run started after the refused calls: the
 * list lags behind the starts, so an empty list right after a refusal would prove nothing.
 */
async function expectOnlyRun(flowId: string, runId: string) {
  const runIds = async () =>
    (
      await call<{ runs: Array<{ runId: string }> }>(
        server.url,
        'runs.list',
        { flowId },
        { ...owner, type: 'query' },
      )
    ).data?.runs.map((run) => run.runId);
  await expect.poll(runIds, { timeout: 15_000, interval: 200 }).toEqual([runId]);
}

it('refuses a webhook body nested 20,000 deep with 400 naming the limit, and queues nothing', async () => {
  const hook = await publishWebhookFlow(server.url, owner);
  const body = nested(20_000);
  expect(body.length).toBe(40_000);
  const response = await fetch(hook.url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-webhook-secret': hook.secret,
    },
  });
  expect(response.status).toBe(400);
  const answer = (await response.json()) as { error: { code: string; message: string } };
  expect(answer.error.code).toBe('BAD_REQUEST');
  expect(answer.error.message).toContain(`deeper than ${JSON_MAX_DEPTH} levels`);
  expect(await server.services.ingress.depth()).toBe(0);

  // At the limit, the same endpoint takes the body.
  const atLimit = await fetch(hook.url, {
    method: 'POST',
    // The body is wrapped once more in the run's trigger payload; the limit is on what was sent.
    body: nested(JSON_MAX_DEPTH),
    headers: {
      'content-type': 'application/json',
      'x-webhook-secret': hook.secret,
    },
  });
  expect(atLimit.status).toBe(202);
  await expectOnlyRun(hook.flowId, ((await atLimit.json()) as { runId: string }).runId);
});

it('refuses a runs.testRun payload nested 5,000 deep with 400, by POST body and by GET input', async () => {
  const flow = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: unique('deep'), graph: manualFlow() },
    owner,
  );
  // Sent as text: JSON.stringify itself overflows the stack on a document this deep.
  const deep = nested(5_000);
  const started = await fetch(`${server.url}/trpc/runs.testRun`, {
    method: 'POST',
    body: `{"flowId":"${flow.data!.id}","payload":${deep}}`,
    headers: {
      'content-type': 'application/json',
      cookie: owner.cookie,
      [CSRF_HEADER]: owner.csrf,
    },
  });
  const refused = (await started.json()) as { error: { message: string; data: { code: string } } };
  expect(started.status).toBe(400);
  expect(refused.error.data.code).toBe('BAD_REQUEST');
  expect(refused.error.message).toContain(`deeper than ${JSON_MAX_DEPTH} levels`);
  // A URL holds less: 1,000 levels, still far past the limit.
  const input = encodeURIComponent(`{"flowId":"${flow.data!.id}","filter":${nested(1_000)}}`);
  const listed = await fetch(`${server.url}/trpc/runs.list?input=${input}`, {
    headers: { cookie: owner.cookie },
  });
  expect(listed.status).toBe(400);
  expect(((await listed.json()) as typeof refused).error.message).toContain(
    `deeper than ${JSON_MAX_DEPTH} levels`,
  );
  const later = await call<{ runId: string }>(
    server.url,
    'runs.testRun',
    { flowId: flow.data!.id, payload: {} },
    owner,
  );
  await expectOnlyRun(flow.data!.id, later.data!.runId);
});

it('refuses page tokens this API did not issue with 400, and pages with the ones it did', async () => {
  const query = (input: Record<string, unknown>) =>
    call<{ runs: Array<{ runId: string }>; nextPageToken: string | null }>(
      server.url,
      'runs.list',
      input,
      { ...owner, type: 'query' },
    );
  for (const pageToken of ['AAAAAAAA', 'eyJ9', 'not base64!', 'A'.repeat(2000)]) {
    const answer = await query({ pageToken });
    expect(answer.status, pageToken).toBe(400);
    expect(answer.error?.message).toContain('pageToken: not a token this API returned');
  }

  const flow = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: unique('pages'), graph: manualFlow() },
    owner,
  );
  const flowId = flow.data!.id;
  for (let i = 0; i < 2; i++)
    expect((await call(server.url, 'runs.testRun', { flowId, payload: {} }, owner)).status).toBe(
      200,
    );
  // Visibility catches up with the starts a moment later.
  let first = await query({ flowId, pageSize: 1 });
  for (let tries = 0; !first.data?.nextPageToken && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    first = await query({ flowId, pageSize: 1 });
  }
  const token = first.data!.nextPageToken!;
  const second = await query({ flowId, pageSize: 1, pageToken: token });
  expect(second.status).toBe(200);
  expect(second.data!.runs).toHaveLength(1);
  expect(second.data!.runs[0]!.runId).not.toBe(first.data!.runs[0]!.runId);
  // The same token continues only the query it was issued for.
  expect((await query({ pageSize: 1, pageToken: token })).status).toBe(400);
});
