/**
 * npm run bench -- throughput
 *
 * The engine's cost per run, end to end. On a private stack (its own PostgreSQL, Redis, Temporal
 * dev server and OpenBao, started with the stack's own service definitions, so nothing else's
 * load lands in the figures) it starts a real server process and a real worker process, publishes
 * Webhook → Set → If → Set → Merge → Set (control nodes and expressions, no activity) as a sync
 * and as an async webhook, and calls it through the server:
 * - sync at concurrency 1, 10 and 50 (autocannon, BENCH_DURATION_S each, after a warm-up);
 * - async: 3,000 calls, timed until Temporal counts 3,000 COMPLETED runs of the flow.
 * In the same run, phase by phase, the floor: the same flow written by hand as one Temporal
 * workflow (bench/support/floor-workflows.ts), served by a plain HTTP server with a plain client
 * and run by a worker with the same settings, on the same Temporal server.
 * For every phase it samples the CPU time and RSS of each process (/proc) and prints CPU-ms per
 * completed run, by process and summed. Last line:
 * `throughput: sync <n> req/s at c=10, p99 <ms> ms at c=50, async <n> completed/s, <n> CPU-ms/run, x<ratio> of the floor`
 * (the ratio: our CPU-ms per run at c=10 over the floor's).
 * BENCH_CPU_PROF=<folder> runs the server and the worker under --cpu-prof and stops them with
 * SIGTERM at the end, so each thread's .cpuprofile lands in that folder.
 */
import './support/test-stack.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client, Connection } from '@temporalio/client';
import { DrillStack } from '@bizosaas/scripts/faults/stack';
import { signUp, unique } from '@bizosaas/server/testing';
import { publishBenchFlow } from './support/bench-flow.js';
import { cpuMsOf, rssMb, withChildren } from './support/proc.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const ASYNC_CALLS = Number(process.env.BENCH_ASYNC_CALLS ?? 3000);
// A folder: the server and worker then run with --cpu-prof and write their profiles there.
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const BODY = '{"email":"lead-[<id>]@example.test","score":42}';

// ---- processes and their CPU ---------------------------------------------------------------

interface Sampled {
  name: string;
  /** The process and, for PostgreSQL, its backends: every pid whose CPU counts. */
  pids(): number[];
  /** The pid whose RSS is reported. */
  main: number;
}

// A backend that exits during a phase takes its CPU with it; PostgreSQL's pool keeps them alive.
const cpu = (processes: Sampled[]) =>
  new Map(processes.map((p) => [p.name, p.pids().reduce((sum, pid) => sum + cpuMsOf(pid), 0)]));

async function startFloor(role: 'server' | 'worker', env: NodeJS.ProcessEnv, logDir: string) {
  const port = await freePort();
  const logFile = join(logDir, `floor-${role}.log`);
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    ['scripts/run-ts.mjs', 'bench/support/floor.ts', role],
    { env: { ...env, FLOOR_PORT: String(port) }, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  for (const until = Date.now() + 120_000; ; ) {
    if (child.exitCode !== null) throw new Error(`floor ${role} exited; see ${logFile}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) throw new Error(`floor ${role} did not start; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return { child, url };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

// ---- load ----------------------------------------------------------------------------------

interface Target {
  label: 'ours' | 'floor';
  syncUrl: string;
  asyncUrl: string;
  headers: Record<string, string>;
  processes: Sampled[];
  /** Runs Temporal counts as completed for this side. */
  completed(): Promise<number>;
}

interface PhaseResult {
  rps: number;
  p50: number;
  p99: number;
  runs: number;
  cpuMsPerRun: Map<string, number>;
  total: number;
  rss: Map<string, number>;
}

async function load(target: Target, url: string, options: Partial<autocannon.Options>) {
  const result = await autocannon({
    url,
    method: 'POST',
    idReplacement: true,
    headers: { 'content-type': 'application/json', ...target.headers },
    body: BODY,
    ...options,
  } as autocannon.Options);
  const answered = result['2xx'];
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0)
    console.log(
      `  ${target.label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  return { result, answered };
}

function summarise(
  target: Target,
  before: Map<string, number>,
  runs: number,
  seconds: number,
  latency: { p50: number; p99: number },
): PhaseResult {
  const after = cpu(target.processes);
  const cpuMsPerRun = new Map<string, number>();
  let total = 0;
  for (const [name, ms] of after) {
    const perRun = (ms - (before.get(name) ?? 0)) / Math.max(1, runs);
    cpuMsPerRun.set(name, perRun);
    total += perRun;
  }
  const rss = new Map(target.processes.map((p) => [p.name, rssMb(p.main)]));
  return { rps: runs / seconds, ...latency, runs, cpuMsPerRun, total, rss };
}

async function syncPhase(target: Target, connections: number): Promise<PhaseResult> {
  const before = cpu(target.processes);
  const { result, answered } = await load(target, target.syncUrl, {
    connections,
    duration: DURATION_S,
  });
  return summarise(target, before, answered, result.duration, result.latency);
}

async function asyncPhase(target: Target): Promise<PhaseResult & { accepted: number }> {
  const before = cpu(target.processes);
  const done0 = await target.completed();
  const started = performance.now();
  const { result, answered: accepted } = await load(target, target.asyncUrl, {
    connections: 50,
    amount: ASYNC_CALLS,
  });
  let done = 0;
  while (performance.now() - started < 900_000) {
    done = (await target.completed()) - done0;
    if (done >= accepted) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  if (done < accepted) console.log(`  ${target.label}: only ${done} of ${accepted} runs completed`);
  return { ...summarise(target, before, done, seconds, result.latency), accepted };
}

function report(phase: string, results: Record<'ours' | 'floor', PhaseResult>) {
  const { ours, floor } = results;
  console.log(
    `${phase}: ours ${ours.rps.toFixed(1)} runs/s (p50 ${ours.p50} ms, p99 ${ours.p99} ms), ` +
      `floor ${floor.rps.toFixed(1)} runs/s (p50 ${floor.p50} ms, p99 ${floor.p99} ms); ` +
      `throughput x${(ours.rps / floor.rps).toFixed(2)} of the floor`,
  );
  for (const side of [ours, floor]) {
    const label = side === ours ? 'ours ' : 'floor';
    const parts = [...side.cpuMsPerRun]
      .filter(([, ms]) => ms >= 0.05)
      .map(([name, ms]) => `${name} ${ms.toFixed(1)}`);
    const rss = [...side.rss]
      .filter(([name]) => name.includes('server') || name.includes('worker'))
      .map(([name, mb]) => `${name} ${mb.toFixed(0)} MB`);
    console.log(
      `  ${label} CPU-ms/run ${side.total.toFixed(1)} (${parts.join(', ')}); RSS ${rss.join(', ')}`,
    );
  }
  console.log(`  CPU-ms/run x${(ours.total / floor.total).toFixed(2)} of the floor`);
}

// ---- setup ---------------------------------------------------------------------------------

console.log('starting a private stack (PostgreSQL, Redis, Temporal dev server, OpenBao)…');
const stack = await DrillStack.start();
const floors: ChildProcess[] = [];
const stopGracefully: ChildProcess[] = [];
let headline: string;
try {
  // The per-tenant start limit (RUN_STARTS_PER_TENANT_PER_SECOND, 10 by default) would make this a
  // measure of the limit: all calls come from one tenant.
  const profiled = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
  const server = await stack.startApp(
    'server',
    { RUN_STARTS_PER_TENANT_PER_SECOND: '100000' },
    profiled,
  );
  const worker = await stack.startApp('worker', {}, profiled);
  if (CPU_PROF_DIR) stopGracefully.push(server.child, worker.child);
  const config = stack.config;
  const infra = (name: 'postgres' | 'redis' | 'temporal' | 'openbao'): Sampled => {
    const pid = stack.pidOf(name);
    if (pid === undefined) throw new Error(`${name} of the bench stack is not running`);
    return { name, main: pid, pids: name === 'postgres' ? () => withChildren(pid) : () => [pid] };
  };
  const shared = [infra('temporal'), infra('postgres'), infra('redis'), infra('openbao')];
  const app = (name: string, child: ChildProcess): Sampled => {
    const pid = child.pid as number;
    return { name, main: pid, pids: () => [pid] };
  };

  const owner = await signUp(server.url);
  const syncHook = await publishBenchFlow(server.url, owner, 'sync');
  const asyncHook = await publishBenchFlow(server.url, owner, 'async');

  const temporal = new Client({
    connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }),
    namespace: config.TEMPORAL_NAMESPACE,
  });
  const count = async (query: string) =>
    Number(
      (
        await temporal.workflowService.countWorkflowExecutions({
          namespace: config.TEMPORAL_NAMESPACE,
          query: `${query} AND ExecutionStatus = 'Completed'`,
        })
      ).count ?? 0,
    );

  const floorEnv = { ...stack.context.childEnv, FLOOR_TASK_QUEUE: unique('bench-floor') };
  const floorWorker = await startFloor('worker', floorEnv, stack.context.logDir);
  const floorServer = await startFloor('server', floorEnv, stack.context.logDir);
  floors.push(floorWorker.child, floorServer.child);

  // Both webhooks take the same header secret mode; the async one's secret differs, so the
  // header is set per phase below.
  const ours: Target = {
    label: 'ours',
    syncUrl: syncHook.url,
    asyncUrl: asyncHook.url,
    headers: { 'x-webhook-secret': syncHook.secret, 'idempotency-key': '[<id>]' },
    processes: [app('server', server.child), app('worker', worker.child), ...shared],
    completed: () => count(`FlowId = '${asyncHook.flowId}'`),
  };
  const floor: Target = {
    label: 'floor',
    syncUrl: `${floorServer.url}/sync`,
    asyncUrl: `${floorServer.url}/async`,
    headers: {},
    processes: [
      app('floor-server', floorServer.child),
      app('floor-worker', floorWorker.child),
      ...shared,
    ],
    completed: () => count(`WorkflowType = 'floorFlow'`),
  };

  // Warm-up: bundles loaded, connections and caches filled on both sides.
  for (const target of [ours, floor])
    await load(target, target.syncUrl, { connections: 10, duration: 3 });

  const phases: Record<string, Record<'ours' | 'floor', PhaseResult>> = {};
  for (const connections of [1, 10, 50]) {
    const results = {} as Record<'ours' | 'floor', PhaseResult>;
    for (const target of [ours, floor]) results[target.label] = await syncPhase(target, connections);
    phases[`c${connections}`] = results;
    report(`sync c=${connections}`, results);
  }
  ours.headers['x-webhook-secret'] = asyncHook.secret;
  const asyncResults = {} as Record<'ours' | 'floor', PhaseResult & { accepted: number }>;
  for (const target of [ours, floor]) asyncResults[target.label] = await asyncPhase(target);
  report(`async ${ASYNC_CALLS} calls, until completed`, asyncResults);

  const c10 = phases.c10 as Record<'ours' | 'floor', PhaseResult>;
  const c50 = phases.c50 as Record<'ours' | 'floor', PhaseResult>;
  await temporal.connection.close();
  headline =
    `throughput: sync ${c10.ours.rps.toFixed(1)} req/s at c=10, p99 ${c50.ours.p99} ms at c=50, ` +
      `async ${asyncResults.ours.rps.toFixed(1)} completed/s, ${c10.ours.total.toFixed(1)} CPU-ms/run, ` +
    `x${(c10.ours.total / c10.floor.total).toFixed(2)} of the floor`;
} finally {
  for (const child of floors) child.kill('SIGKILL');
  // A profile is written when its process exits on its own; the stack's stop would SIGKILL it.
  await Promise.all(
    stopGracefully.map(
      (child) =>
        new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
  await stack.stop();
}
// After the stack's shutdown, so nothing prints below the headline.
console.log(headline);
process.exit(0);
