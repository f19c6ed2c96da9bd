// Regression: one tenant starting a thousand runs at once made every other tenant's runs wait
// behind them (the "noisy tenant" fault drill measured a quiet tenant's run taking up to 40 s to
// start). Run starts are now limited per tenant (RUN_STARTS_PER_TENANT_PER_SECOND): over the
// limit the API answers 429 with Retry-After while other tenants start as before, and an async
// webhook call over it is queued and waits its turn instead of failing.
import { createRunClient } from '@bizosaas/runtime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manualFlow } from '../flows.js';
import {
  call,
  config,
  publishWebhookFlow,
  signUp,
  startTestServer,
  type Session,
  type TestServer,
} from '../harness.js';

const PER_SECOND = 2;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ config: { RUN_STARTS_PER_TENANT_PER_SECOND: PER_SECOND } });
});
afterAll(async () => {
  await server?.close();
});

async function publishedFlow(owner: Session): Promise<string> {
  const flow = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: 'limited', graph: manualFlow() },
    owner,
  );
  const published = await call(
    server.url,
    'flows.publish',
    { flowId: flow.data!.id, revision: 1 },
    owner,
  );
  expect(published.status).toBe(200);
  return flow.data!.id;
}

it('refuses a tenant over its start rate with 429 and Retry-After, while another tenant starts', async () => {
  const noisy = await signUp(server.url);
  const quiet = await signUp(server.url);
  const noisyFlow = await publishedFlow(noisy);
  const quietFlow = await publishedFlow(quiet);

  // Ten at once: a window lets a burst of twice the rate through, the rest are refused (two
  // windows at most if the calls straddle one; without the limit all ten start).
  const answers = await Promise.all(
    Array.from({ length: 10 }, () =>
      call(server.url, 'runs.start', { flowId: noisyFlow, payload: {} }, noisy),
    ),
  );
  const started = answers.filter((a) => a.status === 200);
  const refused = answers.filter((a) => a.status !== 200);
  expect(started.length).toBeGreaterThan(0);
  expect(started.length).toBeLessThanOrEqual(PER_SECOND * 2 * 2);
  expect(refused.length).toBeGreaterThan(0);
  for (const answer of refused) {
    expect(answer.status).toBe(429);
    expect(answer.error?.data.code).toBe('RATE_LIMITED');
    expect(answer.error?.message).toMatch(/may start 2 runs a second; try again in \d+ s/);
    expect(answer.error?.message).toContain(`try again in ${answer.headers.get('retry-after')} s`);
  }

  const other = await call(server.url, 'runs.start', { flowId: quietFlow, payload: {} }, quiet);
  expect(other.status).toBe(200);
});

it('queues a webhook over the rate and starts its run once the tenant has room again', async () => {
  const owner = await signUp(server.url);
  const hook = await publishWebhookFlow(server.url, owner);
  const runIds: string[] = [];
  for (let i = 0; i < PER_SECOND * 2 + 2; i++) {
    const response = await fetch(hook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': hook.secret },
      body: JSON.stringify({ i }),
    });
    expect(response.status).toBe(202);
    runIds.push(((await response.json()) as { runId: string }).runId);
  }
  const client = await createRunClient(config);
  try {
    const deadline = Date.now() + 30_000;
    const started = new Set<string>();
    while (started.size < runIds.length && Date.now() < deadline) {
      for (const runId of runIds) {
        if (started.has(runId)) continue;
        const found = await client.workflow
          .getHandle(runId)
          .describe()
          .then(() => true)
          .catch(() => false);
        if (found) started.add(runId);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(started.size).toBe(runIds.length);
    // Delayed, not failed: the queue holds nothing failed for these calls.
    expect(await server.services.ingress.queue.getJobCounts('failed')).toEqual({ failed: 0 });
    // The calls over the limit waited in Redis, their bodies sealed: no job shows one.
    const jobs = (
      await server.services.ingress.queue.getJobs(['completed', 'delayed', 'waiting', 'active'])
    ).filter((job) => job?.data.flowId === hook.flowId);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.length).toBeLessThan(runIds.length);
    for (const job of jobs) {
      expect(job.data).toMatchObject({ sealed: { keyId: expect.any(String) } });
      expect(JSON.stringify(job.data)).not.toMatch(/"i"/);
    }
  } finally {
    await client.connection.close();
  }
});
