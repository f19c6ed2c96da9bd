/**
 * npm run bench -- webhook
 *
 * Publishes a webhook flow (trigger → Set) on an in-process server with its flow worker, against
 * the test stack, then fires autocannon at it: 50 connections for 20 s, each call with its own
 * Idempotency-Key, async mode (202 once the job is in Redis). Afterwards it waits for the ingress
 * queue to drain and counts, in Temporal visibility, the runs of the flow: every acknowledged
 * call must have one. Last line: `webhook: <req/s> req/s, p99 <ms> ms, lost <n>`.
 */
import './support/test-stack.js';
import autocannon from 'autocannon';
import { createRunClient } from '@bizosaas/runtime';
import { call, signUp, startTestServer, unique } from '@bizosaas/server/testing';
import { webhookFlow } from '@bizosaas/server/testing/flows';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);

// An in-process server and a flow worker, as the server's tests run them.
// One tenant's ingress and engine throughput is measured, not the per-tenant start limit.
const server = await startTestServer({
  worker: true,
  config: { RUN_STARTS_PER_TENANT_PER_SECOND: 100_000 },
});
const { url, services } = server;
const { config } = services;
const client = await createRunClient(config);

const owner = await signUp(url);
const path = unique('bench');
const flow = await call<{ id: string }>(
  url,
  'flows.create',
  { name: 'bench', graph: webhookFlow(path) },
  owner,
);
const published = await call<{ webhook: { secret: string } }>(
  url,
  'flows.publish',
  { flowId: flow.data!.id, revision: 1 },
  owner,
);
if (!published.data) throw new Error(`publish failed: ${JSON.stringify(published.error)}`);
const flowId = flow.data!.id;

const acknowledged = new Set<string>();
let non2xx = 0;
const result = await autocannon({
  url: `${url}/hooks/${owner.slug}/${path}`,
  method: 'POST',
  connections: CONNECTIONS,
  duration: DURATION_S,
  idReplacement: true,
  headers: {
    'content-type': 'application/json',
    'x-webhook-secret': published.data.webhook.secret,
    'idempotency-key': '[<id>]',
  },
  body: '{"email":"lead-[<id>]@example.test","score":42}',
  setupClient(client) {
    client.on('response', (_status: number) => {});
    client.on('body', (body: Buffer) => {
      try {
        const answer = JSON.parse(body.toString('utf8')) as { runId?: string };
        if (answer.runId) acknowledged.add(answer.runId);
        else non2xx++;
      } catch {
        non2xx++;
      }
    });
  },
});

// Drain: every queued job becomes a Temporal run. Ingress acknowledges faster than Temporal starts
// runs (that is what the queue is for), so the backlog takes a while; "lost" is only final once
// the queue is empty.
const drainStarted = Date.now();
while ((await services.ingress.depth()) > 0 && Date.now() - drainStarted < 900_000)
  await new Promise((r) => setTimeout(r, 500));
const backlog = await services.ingress.depth();
console.log(
  `queue drained in ${Math.round((Date.now() - drainStarted) / 1000)} s after the load` +
    (backlog > 0 ? ` — NOT drained, ${backlog} jobs still queued` : ''),
);

// Visibility is eventually consistent: wait until the count stops short of nothing or time is up.
let started = 0;
const countUntil = Date.now() + 120_000;
while (Date.now() < countUntil) {
  const answer = await client.workflowService.countWorkflowExecutions({
    namespace: config.TEMPORAL_NAMESPACE,
    query: `TenantId = '${owner.tenantId}' AND FlowId = '${flowId}'`,
  });
  started = Number(answer.count ?? 0);
  if (started >= acknowledged.size) break;
  await new Promise((r) => setTimeout(r, 1000));
}
const lost = Math.max(0, acknowledged.size - started);

const accepted = acknowledged.size / DURATION_S;
console.log(
  `${result.requests.total} requests in ${DURATION_S} s at concurrency ${CONNECTIONS}: ${acknowledged.size} acknowledged (202), ` +
    `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
);
console.log(
  `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
);
console.log(`runs in Temporal for the flow: ${started}; acknowledged without a run: ${lost}`);
if (non2xx && !result.non2xx) console.log(`(${non2xx} bodies without a run id)`);

await client.connection.close();
await server.close();
console.log(`webhook: ${accepted.toFixed(0)} req/s, p99 ${result.latency.p99} ms, lost ${lost}`);
process.exit(0);
