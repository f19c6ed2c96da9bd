/**
 * npm run bench -- soak
 *
 * Does the worker's memory stay flat over many runs? On a private stack (as the throughput bench:
 * its own PostgreSQL, Redis, Temporal dev server and OpenBao) it starts a real server and a real
 * worker, publishes the throughput bench's Webhook → Set → If → Set → Merge → Set flow as an
 * async webhook and calls it BENCH_SOAK_RUNS times (10,000 by default) in batches of 1,000:
 * each batch is sent, then awaited until Temporal counts its runs as completed, and the worker's
 * and the server's RSS are sampled (no GC forced: what the processes hold on their own). Last line:
 * `soak: worker RSS <first> → <last> MB over <n> runs (slope <n> MB per 1000 runs after warm-up), server <first> → <last> MB`
 * (the slope: least squares over the samples after the first two batches).
 */
import './support/test-stack.js';
import autocannon from 'autocannon';
import { DrillStack } from '@bizosaas/scripts/faults/stack';
import { signUp } from '@bizosaas/server/testing';
import { publishBenchFlow } from './support/bench-flow.js';
import { completedRuns } from './support/completed-runs.js';
import { rssMb } from './support/proc.js';

const RUNS = Number(process.env.BENCH_SOAK_RUNS ?? 10_000);
const BATCH = 1_000;
const WARM_UP_BATCHES = 2;
const BATCH_TIMEOUT_MS = 600_000;
const BODY = '{"email":"lead-[<id>]@example.test","score":42}';

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

console.log('starting a private stack (PostgreSQL, Redis, Temporal dev server, OpenBao)…');
const stack = await DrillStack.start();
let headline: string;
try {
  // All calls come from one tenant: the per-tenant start limit would pace the soak.
  const server = await stack.startApp('server', { RUN_STARTS_PER_TENANT_PER_SECOND: '100000' });
  const worker = await stack.startApp('worker');
  const owner = await signUp(server.url);
  const hook = await publishBenchFlow(server.url, owner, 'async');
  const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } = stack.config;
  const temporal = await completedRuns(TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE);
  const completed = () => temporal.count(`FlowId = '${hook.flowId}'`);

  const pids = { worker: worker.child.pid as number, server: server.child.pid as number };
  const samples = [{ runs: 0, worker: rssMb(pids.worker), server: rssMb(pids.server) }];
  console.log(
    `      0 runs: worker ${samples[0]?.worker.toFixed(0)} MB, server ${samples[0]?.server.toFixed(0)} MB`,
  );
  const started = performance.now();
  let done = 0;
  for (let sent = 0; sent < RUNS; ) {
    const amount = Math.min(BATCH, RUNS - sent);
    const result = await autocannon({
      url: hook.url,
      method: 'POST',
      connections: 20,
      amount,
      idReplacement: true,
      headers: {
        'content-type': 'application/json',
        'x-webhook-secret': hook.secret,
        'idempotency-key': '[<id>]',
      },
      body: BODY,
    });
    const failed = result.non2xx + result.errors + result.timeouts;
    if (failed > 0) console.log(`  ${failed} of ${amount} calls were not accepted`);
    sent += result['2xx'];
    for (const until = Date.now() + BATCH_TIMEOUT_MS; (done = await completed()) < sent; ) {
      if (Date.now() > until) throw new Error(`only ${done} of ${sent} runs completed`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const sample = { runs: done, worker: rssMb(pids.worker), server: rssMb(pids.server) };
    samples.push(sample);
    const rate = done / ((performance.now() - started) / 1000);
    console.log(
      `${String(done).padStart(7)} runs: worker ${sample.worker.toFixed(0)} MB, server ${sample.server.toFixed(0)} MB (${rate.toFixed(1)} completed/s)`,
    );
  }
  await temporal.close();
  const first = samples[0] as (typeof samples)[number];
  const last = samples[samples.length - 1] as (typeof samples)[number];
  const after = samples.slice(1 + WARM_UP_BATCHES).map((s) => ({ x: s.runs / 1000, y: s.worker }));
  const perThousand = after.length >= 2 ? slope(after).toFixed(1) : 'n/a';
  headline =
    `soak: worker RSS ${first.worker.toFixed(0)} → ${last.worker.toFixed(0)} MB over ${last.runs} runs ` +
    `(slope ${perThousand} MB per 1000 runs after warm-up), ` +
    `server ${first.server.toFixed(0)} → ${last.server.toFixed(0)} MB`;
} finally {
  await stack.stop();
}
// After the stack's shutdown, so nothing prints below the headline.
console.log(headline);
process.exit(0);
