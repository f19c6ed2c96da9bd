// An in-process server on a free port against the test stack, and a small tRPC-over-HTTP client
// that speaks exactly what the editor's httpLink sends (so cookies, CSRF and status codes are real).
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { CSRF_HEADER } from '@bizosaas/shared';
import { readConfig, type Config } from '@bizosaas/shared/config';
import { migrate } from '../src/db/orm.js';
import { openServer, type ServerOptions } from '../src/server.js';
import { NativeConnection, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { failureConverterPath, redisLiveEvents } from '@bizosaas/runtime';
import {
  createFlowWorker,
  createLogger,
  workflowsPath,
  type FlowWorkerOptions,
} from '@bizosaas/runtime/worker';
import { webhookFlow } from './flows.js';

// Bundling the workflows takes seconds of CPU (10 s and more on a loaded machine); every flow
// worker of a test file runs the same code, so the file bundles it once.
let workflowBundle: Promise<WorkflowBundle> | undefined;

/** A flow worker on `taskQueue` with the test's config `overrides`, as a worker process runs it. */
export async function startFlowWorker(
  taskQueue: string,
  chatModels?: FlowWorkerOptions['chatModels'],
  overrides: Partial<Config> = {},
) {
  workflowBundle ??= bundleWorkflowCode({
    workflowsPath,
    failureConverterPath,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const liveEvents = redisLiveEvents(config.REDIS_URL);
  const worker = await createFlowWorker({
    config: { ...config, ...overrides, TEMPORAL_TASK_QUEUE: taskQueue },
    connection,
    logger: createLogger('warn'),
    workflowBundle: await workflowBundle,
    liveEvents,
    ...(chatModels ? { chatModels } : {}),
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await liveEvents.close();
    },
  };
}

export const config = readConfig(process.env);

/**
 * Starts a server; with `worker: true` also a flow worker on a task queue of its own, so parallel
 * test files never run each other's flows. The platform worker (approval activities), the
 * notification queue and the webhook ingress queue are the server's own too; the platform worker
 * runs with the flow worker unless `platformWorker` says otherwise.
 */
export async function startTestServer(
  options: ServerOptions & {
    worker?: boolean;
    config?: Partial<Config>;
    /** PUBLIC_URL is this server's own address (OAuth redirect URIs must reach it). */
    ownPublicUrl?: boolean;
    /** The flow worker's chat models (agents); tests script them. */
    chatModels?: FlowWorkerOptions['chatModels'];
  } = {},
) {
  // A test restarting "the same" server passes the queues of the first one.
  const taskQueue = options.config?.TEMPORAL_TASK_QUEUE ?? unique('test-flows');
  const serverConfig: Config = {
    ...config,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_PLATFORM_TASK_QUEUE: unique('test-platform'),
    ...options.config,
  };
  // Listening first gives the address that links (invites, OAuth redirects) must carry.
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const opened = await openServer(
    { ...serverConfig, ...(options.ownPublicUrl ? { PUBLIC_URL: url } : {}) },
    {
      ...options,
      platformWorker: options.platformWorker ?? options.worker ?? false,
      notificationQueue: options.notificationQueue ?? unique('test-notifications'),
      ingressQueue: options.ingressQueue ?? unique('test-ingress'),
    },
  );
  // The worker reads the test's config too (CONNECTOR_BASE_URLS sends its connector calls where
  // the server's go).
  const worker = options.worker
    ? await startFlowWorker(taskQueue, options.chatModels, options.config)
    : undefined;
  await migrate(opened.services.orm);
  server.on('request', opened.app);
  return {
    ...opened,
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      // The server (with its platform worker) first, then the flow worker: an activity that
      // completes while the platform worker drains still finds the flow worker polling, rather than
      // leaving its workflow task on a stopped worker's sticky queue for 10 s.
      await opened.close();
      await worker?.stop();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export interface Credentials {
  cookie?: string;
  csrf?: string;
  token?: string;
}

export interface CallResult<T = unknown> {
  status: number;
  data?: T;
  error?: { message: string; data: { code: string; httpStatus: number; details?: unknown } };
  setCookie: string[];
  headers: Headers;
}

export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** Calls a procedure over HTTP: GET for queries, POST for mutations. */
export async function call<T = unknown>(
  url: string,
  path: string,
  input: unknown,
  options: Credentials & { type?: 'query' | 'mutation' } = {},
): Promise<CallResult<T>> {
  const type = options.type ?? 'mutation';
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers[CSRF_HEADER] = options.csrf;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  if (type === 'query') {
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    response = await fetch(`${url}/trpc/${path}${query}`, { headers });
  } else {
    headers['content-type'] = 'application/json';
    response = await fetch(`${url}/trpc/${path}`, {
      method: 'POST',
      headers,
      body: input === undefined ? '' : JSON.stringify(input),
    });
  }
  const body = (await response.json()) as { result?: { data: T }; error?: CallResult['error'] };
  return {
    status: response.status,
    ...(body.result ? { data: body.result.data } : {}),
    ...(body.error ? { error: body.error } : {}),
    setCookie: response.headers.getSetCookie(),
    headers: response.headers,
  };
}

export interface Session extends Credentials {
  cookie: string;
  csrf: string;
  userId: string;
  tenantId: string;
  email: string;
  password: string;
}

function sessionFrom(
  result: CallResult<{ user: { id: string }; tenant: { id: string } | null; csrfToken: string }>,
) {
  if (!result.data) throw new Error(`sign-in failed: ${JSON.stringify(result.error)}`);
  const cookie = result.setCookie.map((c) => c.split(';')[0]).join('; ');
  return {
    cookie,
    csrf: result.data.csrfToken,
    userId: result.data.user.id,
    tenantId: result.data.tenant?.id ?? '',
  };
}

/** Signs up a fresh tenant and its owner. */
export async function signUp(url: string, slug = unique('t')): Promise<Session & { slug: string }> {
  const email = `${unique('owner')}@example.test`;
  const password = 'correct horse battery';
  const result = await call(url, 'auth.signUp', {
    email,
    password,
    displayName: 'Owner',
    tenantName: `Tenant ${slug}`,
    tenantSlug: slug,
  });
  return { ...sessionFrom(result as never), email, password, slug };
}

export async function login(
  url: string,
  email: string,
  password: string,
  tenantSlug?: string,
): Promise<Session> {
  const result = await call(url, 'auth.login', {
    email,
    password,
    ...(tenantSlug ? { tenantSlug } : {}),
  });
  return { ...sessionFrom(result as never), email, password };
}

/** Invites `email` with `role` into the owner's tenant and accepts it: a signed-in member. */
export async function addMember(url: string, owner: Session, role: string): Promise<Session> {
  const email = `${unique(role)}@example.test`;
  const invite = await call<{ acceptUrl: string }>(url, 'members.invite', { email, role }, owner);
  if (!invite.data) throw new Error(`invite failed: ${JSON.stringify(invite.error)}`);
  const token = invite.data.acceptUrl.split('#')[1];
  const password = 'member password 123';
  const accepted = await call(url, 'auth.acceptInvite', { token, password, displayName: role });
  return { ...sessionFrom(accepted as never), email, password };
}

export interface RunView {
  runId: string;
  status: string;
  version: number;
  result?: { output: unknown };
  trigger?: { kind: string; payload: unknown } | null;
  nodes: Array<{ nodeId: string; status: string; output?: unknown; error?: { code: string } }>;
}

/** Polls `runs.get` until the run has ended. */
export async function finishedRun(
  url: string,
  session: Session,
  runId: string,
  timeoutMs = 30_000,
): Promise<RunView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await call<RunView>(url, 'runs.get', { runId }, { ...session, type: 'query' });
    if (run.data && run.data.status !== 'running') return run.data;
    if (Date.now() > until) throw new Error(`run ${runId} still running: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Test-runs a flow's draft with `payload` and waits for the run to end. */
export async function testRunToEnd(url: string, session: Session, flowId: string, payload = {}) {
  const started = await call<{ runId: string }>(url, 'runs.testRun', { flowId, payload }, session);
  if (!started.data) throw new Error(`test run refused: ${JSON.stringify(started.error)}`);
  return finishedRun(url, session, started.data.runId);
}

/** Creates and publishes a webhook flow (`webhookFlow` with `params`) in the session's tenant. */
export async function publishWebhookFlow(
  url: string,
  session: Session & { slug: string },
  params: Record<string, unknown> = {},
) {
  const path = unique('hook');
  const flow = await call<{ id: string }>(
    url,
    'flows.create',
    { name: path, graph: webhookFlow(path, params) },
    session,
  );
  const published = await call<{ webhook: { secret: string } }>(
    url,
    'flows.publish',
    { flowId: flow.data!.id, revision: 1 },
    session,
  );
  if (!published.data) throw new Error(`publish failed: ${JSON.stringify(published.error)}`);
  return {
    flowId: flow.data!.id,
    url: `${url}/hooks/${session.slug}/${path}`,
    secret: published.data.webhook.secret,
  };
}
