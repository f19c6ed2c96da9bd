// The fault drills of issue 12, each a function of its size: `npm test` runs them small
// (scripts/test/faults/faults.test.ts), `npm run bench -- faults` at full size (bench/faults.ts).
// Each drill works on a DrillStack of its own services, through the API as a client would, and
// reports what a user would count: acknowledged runs that never finished, side effects applied
// twice, error answers that were not a clean 503.
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { createRunClient } from '@bizosaas/runtime';
import { CSRF_HEADER } from '@bizosaas/shared';
import { call, signUp, type CallResult, type Session } from '@bizosaas/server/testing';
import { edge, node } from '@bizosaas/server/testing/flows';
import { chromium } from 'playwright-core';
import type { AppProcess, DrillStack } from './drill-stack.js';
import { startPeer, type Peer } from './peer.js';

export interface DrillReport {
  drill: string;
  /** Runs the API acknowledged (a run id came back). */
  runs: number;
  /** Acknowledged runs that did not complete. */
  lost: number;
  /** Runs whose side effect the peer applied more than once. */
  duplicated: number;
  /** One line of what happened and what it cost. */
  summary: string;
  [figure: string]: unknown;
}

export type Tenant = Session & { slug: string; flowId: string; webhookSecret?: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls a procedure as a well-behaved client: while the stack answers 503 or not at all it
 * retries shortly, told 429 it waits as long as Retry-After says; until `deadline`.
 */
async function callUntil<T>(
  url: string,
  path: string,
  input: unknown,
  session: Session,
  deadline: number,
  onRateLimited = () => {},
): Promise<CallResult<T> | undefined> {
  for (;;) {
    const result = await call<T>(url, path, input, session).catch(() => undefined);
    if (result && result.status !== 503 && result.status !== 429) return result;
    if (Date.now() > deadline) return result;
    if (result?.status === 429) onRateLimited();
    const { retryAfterSeconds } = (result?.error?.data.details ?? {}) as {
      retryAfterSeconds?: number;
    };
    await sleep(result?.status === 429 ? (retryAfterSeconds ?? 1) * 1000 : 250);
  }
}

/**
 * Trigger → (a delay) → POST to the peer naming the run. The node retries as a builder would set
 * it for an API that honours idempotency keys: many attempts, short intervals.
 */
function peerFlow(
  peer: Peer,
  options: {
    trigger?: 'manual' | 'webhook';
    path?: string;
    connectionId?: string;
    delayMs?: number;
  },
) {
  const trigger =
    options.trigger === 'webhook'
      ? node('trigger', 'core.webhook_trigger', { path: options.path })
      : node('trigger', 'core.manual_trigger', {});
  const call = {
    ...node('call', 'core.http_request', {
      method: 'POST',
      url: `http://${peer.host}:${peer.port}/effect`,
      body: { type: 'json', json: { runId: '{{ $run.runId }}' } },
    }),
    retry: {
      maxAttempts: 30,
      initialIntervalMs: 500,
      backoffCoefficient: 1.5,
      maxIntervalMs: 3_000,
    },
    ...(options.connectionId ? { connectionId: options.connectionId } : {}),
  };
  const nodes = [trigger, call];
  const edges = [edge('trigger', 'call')];
  if (options.delayMs) {
    nodes.splice(1, 0, node('wait', 'core.delay', { amount: options.delayMs, unit: 'ms' }));
    edges.splice(0, 1, edge('trigger', 'wait'), edge('wait', 'call'));
  }
  return { schemaVersion: 2, nodes, edges, settings: { variables: {} } };
}

/** A fresh tenant allowed to call the peer, with one published flow calling it. */
export async function peerTenant(
  url: string,
  peer: Peer,
  options: Parameters<typeof peerFlow>[1] & { withConnection?: boolean } = {},
): Promise<Tenant> {
  const owner = await signUp(url);
  const settings = await call(
    url,
    'settings.update',
    { outbound: { allowPrivateNetworks: false, allowedHosts: [`${peer.host}:${peer.port}`] } },
    owner,
  );
  if (!settings.data) throw new Error(`settings.update: ${JSON.stringify(settings.error)}`);
  let connectionId: string | undefined;
  if (options.withConnection) {
    const connection = await call<{ id: string }>(
      url,
      'connections.create',
      {
        name: 'peer',
        type: 'http_auth',
        method: 'bearer',
        credentials: { token: 'drill-token' },
      },
      owner,
    );
    if (!connection.data)
      throw new Error(`connections.create: ${JSON.stringify(connection.error)}`);
    connectionId = connection.data.id;
  }
  const graph = peerFlow(peer, { ...options, ...(connectionId ? { connectionId } : {}) });
  const flow = await call<{ id: string }>(url, 'flows.create', { name: 'drill', graph }, owner);
  if (!flow.data) throw new Error(`flows.create: ${JSON.stringify(flow.error)}`);
  const published = await call<{ webhook?: { secret: string } }>(
    url,
    'flows.publish',
    { flowId: flow.data.id, revision: 1 },
    owner,
  );
  if (!published.data) throw new Error(`flows.publish: ${JSON.stringify(published.error)}`);
  return {
    ...owner,
    flowId: flow.data.id,
    ...(published.data.webhook ? { webhookSecret: published.data.webhook.secret } : {}),
  };
}

/** Starts `count` runs through `url`, `concurrency` at a time; the run ids the API acknowledged. */
export async function startRuns(
  url: string,
  tenant: Tenant,
  count: number,
  { concurrency = 10, deadline = Date.now() + 120_000 } = {},
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const result = await callUntil<{ runId: string }>(
          url,
          'runs.start',
          { flowId: tenant.flowId, payload: {} },
          tenant,
          deadline,
        );
        if (result?.data) ids.push(result.data.runId);
      }
    }),
  );
  return ids;
}

export async function temporalClient(stack: DrillStack): Promise<Client> {
  return createRunClient(stack.config);
}

/** Waits until every run is closed (or the deadline); how many completed, and which did not. */
export async function awaitRuns(
  client: Client,
  runIds: string[],
  timeoutMs: number,
): Promise<{ completed: number; notCompleted: string[] }> {
  const deadline = Date.now() + timeoutMs;
  const open = new Set(runIds);
  const done = new Set<string>();
  while (open.size > 0 && Date.now() < deadline) {
    for (const runId of [...open]) {
      const status = await client.workflow
        .getHandle(runId)
        .describe()
        .then((d) => d.status.name)
        .catch(() => 'UNKNOWN');
      if (status === 'RUNNING' || status === 'UNKNOWN') continue;
      open.delete(runId);
      if (status === 'COMPLETED') done.add(runId);
    }
    if (open.size > 0) await sleep(1000);
  }
  return { completed: done.size, notCompleted: runIds.filter((id) => !done.has(id)) };
}

async function waitUntil(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

function runReport(drill: string, runIds: string[], outcome: { completed: number }, peer: Peer) {
  return {
    drill,
    runs: runIds.length,
    lost: runIds.length - outcome.completed,
    duplicated: peer.duplicated(),
  };
}

/**
 * SIGKILL the worker `kills` times while `runs` runs call the peer (each call takes the peer's
 * delay), restarting it each time. The batch is started in chunks, one before each kill, and each
 * kill waits until the peer is working on a request, so it always cuts a node off mid-call.
 */
export async function workerKillDrill(
  stack: DrillStack,
  deps: { server: AppProcess; worker: AppProcess; peer: Peer; client: Client },
  { runs, kills }: { runs: number; kills: number },
): Promise<DrillReport & { worker: AppProcess; restartMs: number }> {
  const tenant = await peerTenant(deps.server.url, deps.peer);
  const chunk = Math.ceil(runs / (kills + 1));
  const runIds: string[] = [];
  let worker = deps.worker;
  let restartMs = 0;
  for (let k = 0; k <= kills; k++) {
    runIds.push(
      ...(await startRuns(deps.server.url, tenant, Math.min(chunk, runs - runIds.length))),
    );
    if (k === kills) break;
    await waitUntil('the peer working on a request', () => deps.peer.inFlight() > 0, 60_000);
    await stack.kill(worker);
    const started = Date.now();
    worker = await stack.startApp('worker');
    restartMs = Math.max(restartMs, Date.now() - started);
  }
  const outcome = await awaitRuns(deps.client, runIds, 300_000);
  return {
    ...runReport('worker SIGKILL', runIds, outcome, deps.peer),
    worker,
    restartMs,
    replays: deps.peer.replays(),
    summary: `${kills} SIGKILLs of the worker during ${runIds.length} runs: ${outcome.completed} completed, ${deps.peer.replays()} calls replayed with their key, none applied twice; a worker restart took up to ${restartMs} ms`,
  };
}

/** Restart the Temporal dev server (its SQLite file stays) while a batch is running. */
export async function temporalRestartDrill(
  stack: DrillStack,
  deps: { server: AppProcess; peer: Peer; client: Client },
  { runs }: { runs: number },
): Promise<DrillReport> {
  const tenant = await peerTenant(deps.server.url, deps.peer);
  const runIds = await startRuns(deps.server.url, tenant, Math.ceil(runs / 2));
  await waitUntil('the peer working on a request', () => deps.peer.inFlight() > 0, 60_000);
  const { downMs } = await stack.restartService('temporal');
  // Started right after the restart: the server's client reconnects by itself.
  runIds.push(...(await startRuns(deps.server.url, tenant, Math.floor(runs / 2))));
  const outcome = await awaitRuns(deps.client, runIds, 180_000);
  return {
    ...runReport('Temporal restart', runIds, outcome, deps.peer),
    downMs,
    summary: `Temporal restarted (${downMs} ms) mid-batch: ${outcome.completed}/${runIds.length} runs completed`,
  };
}

/**
 * Kill Redis (SIGKILL, no shutdown save) and start it again during a burst of async webhook calls
 * with distinct Idempotency-Keys. Every call answered 2xx must have exactly one run.
 */
export async function redisRestartDrill(
  stack: DrillStack,
  deps: { server: AppProcess; peer: Peer; client: Client },
  { calls }: { calls: number },
): Promise<DrillReport> {
  const path = `drill-${Date.now()}`;
  const tenant = await peerTenant(deps.server.url, deps.peer, { trigger: 'webhook', path });
  const acknowledged = new Set<string>();
  const statuses = new Map<number, number>();
  let sent = 0;
  const burst = Promise.all(
    Array.from({ length: 8 }, async () => {
      while (sent < calls) {
        const key = `drill-${sent++}`;
        const response = await fetch(`${deps.server.url}/hooks/${tenant.slug}/${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-webhook-secret': tenant.webhookSecret ?? '',
            'idempotency-key': key,
          },
          body: JSON.stringify({ n: key }),
        }).catch(() => undefined);
        const status = response?.status ?? 0;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const body = (await response?.json().catch(() => ({}))) as { runId?: string } | undefined;
        if (status >= 200 && status < 300 && body?.runId) acknowledged.add(body.runId);
        await sleep(20);
      }
    }),
  );
  await waitUntil('a third of the burst sent', () => sent >= calls / 3, 60_000);
  const { downMs } = await stack.crashService('redis');
  await burst;
  const runIds = [...acknowledged];
  // Queued jobs start at the tenant's start limit (3 a second on the drill stack): wait for that.
  const outcome = await awaitRuns(deps.client, runIds, 180_000 + runIds.length * 400);
  const effects = [...deps.peer.effects.keys()].filter((id) => id.includes(tenant.flowId));
  return {
    ...runReport('Redis crash', runIds, outcome, deps.peer),
    downMs,
    statuses: Object.fromEntries(statuses),
    runsWithoutAcknowledgement: effects.filter((id) => !acknowledged.has(id)).length,
    summary: `Redis killed and restarted (${downMs} ms) during ${calls} webhook calls: answers ${JSON.stringify(Object.fromEntries(statuses))}; ${outcome.completed}/${runIds.length} acknowledged calls have their run`,
  };
}

/**
 * The message of a pending activity's last failure, as the run's history holds it: encrypted by
 * the payload codec (message and stack are moved into its encoded attributes), so decoded here.
 */
async function failureMessageOf(
  client: Client,
  failure: { message?: string | null; encodedAttributes?: Payload | null } | undefined,
): Promise<string | undefined> {
  if (!failure?.encodedAttributes) return failure?.message ?? undefined;
  const { payloadCodecs, payloadConverter } = client.options.loadedDataConverter;
  let payloads = [failure.encodedAttributes];
  for (const codec of [...payloadCodecs].reverse()) payloads = await codec.decode(payloads);
  return payloadConverter.fromPayload<{ message?: string }>(payloads[0]!).message;
}

/**
 * Seal OpenBao while a run waits in a delay before its node reads its connection's credentials:
 * the node fails retryably (the worker says why), and once unsealed the run finishes.
 */
export async function openbaoSealDrill(
  stack: DrillStack,
  deps: { server: AppProcess; worker: AppProcess; peer: Peer; client: Client },
  { sealedMs }: { sealedMs: number },
): Promise<DrillReport & { failure: string | undefined; failureMessage: string | undefined }> {
  const tenant = await peerTenant(deps.server.url, deps.peer, {
    withConnection: true,
    delayMs: 500,
  });
  await stack.sealOpenbao();
  const runIds = await startRuns(deps.server.url, tenant, 1);
  await sleep(sealedMs);
  const { readFileSync } = await import('node:fs');
  const failure = readFileSync(deps.worker.logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"node failed"') && line.includes(runIds[0] ?? '-'))
    .at(-1);
  const midway = await deps.client.workflow.getHandle(runIds[0]!).describe();
  const failureMessage = await failureMessageOf(
    deps.client,
    midway.raw.pendingActivities?.[0]?.lastFailure ?? undefined,
  );
  await stack.unsealOpenbao();
  const outcome = await awaitRuns(deps.client, runIds, 60_000);
  return {
    ...runReport('OpenBao sealed', runIds, outcome, deps.peer),
    failure,
    failureMessage,
    statusWhileSealed: midway.status.name,
    summary: `OpenBao sealed for ${sealedMs} ms: the run stayed ${midway.status.name.toLowerCase()}, its node failing retryably; after unsealing it ${outcome.completed ? 'completed' : 'did NOT complete'}`,
  };
}

/**
 * Stop PostgreSQL for `downMs` while a client keeps calling the API: every answer is either
 * fine or a 503 with code UNAVAILABLE (never a 500, never a stack), and the API recovers by itself.
 */
export async function postgresStopDrill(
  stack: DrillStack,
  deps: { server: AppProcess; peer: Peer },
  { downMs }: { downMs: number },
): Promise<DrillReport & { badAnswers: string[]; recoveredMs: number }> {
  const tenant = await peerTenant(deps.server.url, deps.peer);
  const badAnswers: string[] = [];
  const statuses = new Map<string, number>();
  let stopping = false;
  const probe = async () => {
    for (const [path, input, type] of [
      ['auth.me', undefined, 'query'],
      ['flows.list', {}, 'query'],
      ['runs.start', { flowId: tenant.flowId, payload: {} }, 'mutation'],
    ] as const) {
      const response = await fetch(
        type === 'query'
          ? `${deps.server.url}/trpc/${path}${input ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`
          : `${deps.server.url}/trpc/${path}`,
        {
          method: type === 'query' ? 'GET' : 'POST',
          headers: {
            cookie: tenant.cookie,
            [CSRF_HEADER]: tenant.csrf,
            'content-type': 'application/json',
          },
          ...(type === 'mutation' ? { body: JSON.stringify(input) } : {}),
          signal: AbortSignal.timeout(15_000),
        },
      ).catch((error: Error) => ({ status: 0, text: async () => error.name }));
      const text = await response.text();
      const code = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? '';
      const key = `${response.status}${code ? ` ${code}` : ''}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      const clean = response.status < 300 || (response.status === 503 && code === 'UNAVAILABLE');
      if (!clean || /\n\s+at |node_modules/.test(text))
        badAnswers.push(`${path}: ${response.status} ${text.slice(0, 200)}`);
    }
  };
  const load = (async () => {
    while (!stopping) {
      await probe();
      await sleep(100);
    }
  })();
  await sleep(500);
  await stack.stopService('postgres');
  await sleep(downMs);
  await stack.startService('postgres');
  const back = Date.now();
  let recoveredMs = -1;
  while (Date.now() - back < 60_000) {
    const me = await call(deps.server.url, 'auth.me', undefined, {
      ...tenant,
      type: 'query',
    }).catch(() => undefined);
    if (me?.status === 200) {
      recoveredMs = Date.now() - back;
      break;
    }
    await sleep(100);
  }
  stopping = true;
  await load;
  return {
    drill: 'PostgreSQL stopped',
    runs: 0,
    lost: 0,
    duplicated: 0,
    badAnswers,
    recoveredMs,
    statuses: Object.fromEntries(statuses),
    summary: `PostgreSQL stopped for ${downMs} ms: answers ${JSON.stringify(Object.fromEntries(statuses))}; ${badAnswers.length} not a clean 503; the API answered again ${recoveredMs} ms after PostgreSQL was back`,
  };
}

/**
 * Two servers and two workers on one stack: load through both, kill one of each mid-load. A
 * browser signed in on server A follows the live events, and must see a run started through B.
 */
export async function twoOfEachDrill(
  stack: DrillStack,
  deps: { serverA: AppProcess; workerA: AppProcess; peer: Peer; client: Client },
  { runs }: { runs: number },
): Promise<DrillReport & { liveEventSeen: boolean }> {
  const serverB = await stack.startApp('server');
  const workerB = await stack.startApp('worker');
  const tenant = await peerTenant(deps.serverA.url, deps.peer);

  // Debian's Chromium, with the flags a sandboxless CI container needs.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const context = await browser.newContext();
    const [name, value] = tenant.cookie.split(';')[0]!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: deps.serverA.url }]);
    const page = await context.newPage();
    await page.goto(`${deps.serverA.url}/healthz`);
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const source = new EventSource('/events');
      source.onmessage = (event) => seen.push(String(event.data));
    });

    const [throughB] = await startRuns(serverB.url, tenant, 1);
    const half = Math.floor((runs - 1) / 2);
    const load = Promise.all([
      startRuns(deps.serverA.url, tenant, half, { concurrency: 4 }),
      startRuns(serverB.url, tenant, half, { concurrency: 4 }),
    ]);
    await waitUntil('the peer working on a request', () => deps.peer.inFlight() > 0, 60_000);
    await stack.kill(serverB);
    await stack.kill(workerB);
    const [viaA, viaB] = await load;
    const runIds = [throughB!, ...viaA, ...viaB];
    const outcome = await awaitRuns(deps.client, runIds, 180_000);
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const liveEventSeen = seen.some((data) => data.includes(throughB!));
    return {
      ...runReport('two servers, two workers', runIds, outcome, deps.peer),
      liveEventSeen,
      summary: `${runIds.length} runs started through servers A and B, B and one worker killed mid-load: ${outcome.completed} completed; a browser on A ${liveEventSeen ? 'saw' : 'did NOT see'} the live events of a run started through B`,
    };
  } finally {
    await browser.close();
  }
}

/**
 * A noisy tenant starts `noisy` runs as fast as the API takes them; meanwhile a quiet tenant
 * starts one run every 500 ms (2 a second, under its own start limit). A quiet run's start
 * latency is from the API call to its first workflow task starting on a worker (when its first
 * node can run).
 */
export async function noisyTenantDrill(
  deps: { server: AppProcess; peer: Peer; client: Client },
  { noisy, quietRuns }: { noisy: number; quietRuns: number },
): Promise<DrillReport & { quietP99Ms: number; noisyRejected: number }> {
  const noisyTenant = await peerTenant(deps.server.url, deps.peer);
  const quietTenant = await peerTenant(deps.server.url, deps.peer);
  let noisyRejected = 0;
  let noisyStarted = 0;
  const noisyIds: string[] = [];
  const flood = Promise.all(
    Array.from({ length: 20 }, async () => {
      while (noisyStarted < noisy) {
        noisyStarted++;
        const result = await callUntil<{ runId: string }>(
          deps.server.url,
          'runs.start',
          { flowId: noisyTenant.flowId, payload: {} },
          noisyTenant,
          Date.now() + 600_000,
          () => noisyRejected++,
        );
        if (result?.data) noisyIds.push(result.data.runId);
      }
    }),
  );
  await sleep(1000);
  const quiet: { runId: string; calledAt: number }[] = [];
  for (let i = 0; i < quietRuns; i++) {
    const calledAt = Date.now();
    const result = await call<{ runId: string }>(
      deps.server.url,
      'runs.start',
      { flowId: quietTenant.flowId, payload: {} },
      quietTenant,
    );
    if (result.data) quiet.push({ runId: result.data.runId, calledAt });
    await sleep(500);
  }
  await flood;
  const runIds = [...noisyIds, ...quiet.map((q) => q.runId)];
  const outcome = await awaitRuns(deps.client, runIds, 300_000);
  const latencies: number[] = [];
  for (const { runId, calledAt } of quiet) {
    const history = await deps.client.workflow.getHandle(runId).fetchHistory();
    const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
      t ? Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : NaN;
    const at = history.events?.find((e) => e.workflowTaskStartedEventAttributes)?.eventTime;
    if (at) latencies.push(ms(at) - calledAt);
  }
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * p) - 1)] ?? Infinity;
  const quietP99Ms = percentile(0.99);
  return {
    ...runReport('noisy tenant', runIds, outcome, deps.peer),
    quietP99Ms,
    noisyRejected,
    summary: `a noisy tenant started ${noisyIds.length} runs (${noisyRejected} told 429 and retried) while a quiet one started ${quiet.length}: the quiet runs' start p99 ${Math.round(quietP99Ms)} ms (p50 ${Math.round(percentile(0.5))} ms)`,
  };
}

export interface DrillSizes {
  killRuns: number;
  kills: number;
  /** How long the peer takes per call, i.e. how long an action node runs. */
  actionMs: number;
  temporalRuns: number;
  webhookCalls: number;
  sealedMs: number;
  postgresDownMs: number;
  twoOfEachRuns: number;
  noisyRuns: number;
  quietRuns: number;
}

/**
 * Every drill in turn on one drill stack (a server and a worker started here); logs each
 * drill's summary and returns the headline line.
 */
export async function runDrills(
  stack: DrillStack,
  sizes: DrillSizes,
  log: (line: string) => void,
): Promise<string> {
  const client = await temporalClient(stack);
  const server = await stack.startApp('server');
  let worker = await stack.startApp('worker');
  const reports: DrillReport[] = [];
  let failedDrills = 0;
  const drill = async <R extends DrillReport>(
    delayMs: number,
    run: (peer: Peer) => Promise<R>,
  ): Promise<R | undefined> => {
    const peer = await startPeer(delayMs);
    try {
      const report = await run(peer);
      reports.push(report);
      log(`  ${report.drill}: ${report.summary}`);
      return report;
    } catch (error) {
      // The next drills still run; the headline says one did not finish.
      failedDrills++;
      log(`  a drill did not finish: ${(error as Error).message}`);
      return undefined;
    } finally {
      await peer.close();
    }
  };
  try {
    const killed = await drill(sizes.actionMs, (peer) =>
      workerKillDrill(
        stack,
        { server, worker, peer, client },
        { runs: sizes.killRuns, kills: sizes.kills },
      ),
    );
    if (killed) worker = killed.worker;
    await drill(sizes.actionMs, (peer) =>
      temporalRestartDrill(stack, { server, peer, client }, { runs: sizes.temporalRuns }),
    );
    await drill(100, (peer) =>
      redisRestartDrill(stack, { server, peer, client }, { calls: sizes.webhookCalls }),
    );
    await drill(100, (peer) =>
      openbaoSealDrill(stack, { server, worker, peer, client }, { sealedMs: sizes.sealedMs }),
    );
    await drill(100, (peer) =>
      postgresStopDrill(stack, { server, peer }, { downMs: sizes.postgresDownMs }),
    );
    await drill(sizes.actionMs, (peer) =>
      twoOfEachDrill(
        stack,
        { serverA: server, workerA: worker, peer, client },
        { runs: sizes.twoOfEachRuns },
      ),
    );
    const baseline = await drill(100, (peer) =>
      noisyTenantDrill({ server, peer, client }, { noisy: 0, quietRuns: sizes.quietRuns }),
    );
    if (baseline) reports.pop();
    const noisy = await drill(100, (peer) =>
      noisyTenantDrill(
        { server, peer, client },
        { noisy: sizes.noisyRuns, quietRuns: sizes.quietRuns },
      ),
    );
    const alone = baseline?.quietP99Ms ?? NaN;
    const beside = noisy?.quietP99Ms ?? NaN;
    log(
      `  quiet-tenant start p99 alone ${Math.round(alone)} ms, beside the noisy tenant ${Math.round(beside)} ms (x${(beside / Math.max(1, alone)).toFixed(2)})`,
    );
    const lost = reports.reduce((sum, r) => sum + r.lost, 0);
    const duplicated = reports.reduce((sum, r) => sum + r.duplicated, 0);
    const drills = failedDrills
      ? `${reports.length} drills (${failedDrills} more did not finish)`
      : `${reports.length} drills`;
    return `faults: ${drills}, runs lost ${lost}, side effects duplicated ${duplicated}, quiet-tenant start p99 ${Math.round(beside)} ms`;
  } finally {
    await client.connection.close();
  }
}
