// npm run bench -- connector: what the connector layer costs per call, and how well two workers
// sharing one connection keep to its rate limit.
//
// 1. A flow's 10 connector operations (HubSpot, Stripe, Slack and a unified CRM node), each run
//    the way the executeNode activity runs it (its executor: params, credentials, allowed hosts,
//    the shared Redis rate limit, the SSRF guard, the body cap, mapping) against a local server
//    answering in the vendors' shapes, timed against the very same HTTP requests (recorded from
//    the first pass) sent directly with fetch, in the same run. Temporal's scheduling of the
//    activities is not part of it: that is the engine's cost, measured by `npm run bench -- runtime`.
// 2. Two worker processes, each with its own Redis connection, send as fast as they can through one
//    connection limited to LIMIT requests per WINDOW_MS; the server counts what arrives.
import './support/test-stack.js';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { readConfig } from '@bizosaas/shared/config';
import { builtinConnectors, type Connector } from '@bizosaas/nodes';
import { connectorExecutors, openConnection, RedisRateLimiter } from '@bizosaas/nodes/executors';

const ITERATIONS = 60;
const LIMIT = 50;
const WINDOW_MS = 1000;
const WINDOWS = 10;

interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Answers each vendor path with a small record in that vendor's shape. */
function answer(path: string): unknown {
  if (path.startsWith('/crm/v3/objects/contacts/search')) return { total: 0, results: [] };
  if (path.startsWith('/crm/v3/objects/contacts/'))
    return { id: '512', properties: { email: 'a@example.com' } };
  // The list (GET) reads `results`, the create (POST) the record itself.
  if (path.startsWith('/crm/v3/objects/contacts'))
    return {
      id: '601',
      properties: { email: 'a@example.com' },
      results: [{ id: '512', properties: {} }],
    };
  if (path.startsWith('/v1/customers/'))
    return { id: 'cus_1', object: 'customer', email: 'a@example.com' };
  if (path.startsWith('/v1/customers'))
    return { id: 'cus_2', object: 'customer', email: 'b@example.com' };
  if (path.startsWith('/v1/invoices'))
    return {
      object: 'list',
      has_more: false,
      data: [{ id: 'in_1', currency: 'usd', total: 1200 }],
    };
  if (path.startsWith('/slack/chat.postMessage'))
    return {
      ok: true,
      channel: 'C1',
      ts: '1503435956.000247',
      message: { text: 'hi', ts: '1503435956.000247' },
    };
  if (path.startsWith('/slack/conversations.info'))
    return { ok: true, channel: { id: 'C1', name: 'general' } };
  if (path.startsWith('/slack/conversations.list'))
    return {
      ok: true,
      channels: [{ id: 'C1', name: 'general' }],
      response_metadata: { next_cursor: '' },
    };
  return { ok: true };
}

async function startLocalVendor(onRequest?: (r: Recorded, at: number) => void) {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? Buffer.concat(chunks).toString() : undefined;
      // Hop-by-hop headers belong to the connection, not to the request a direct fetch repeats.
      const { host: _h, connection: _c, 'content-length': _l, ...headers } = req.headers;
      onRequest?.(
        {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: headers as Record<string, string>,
          body,
        },
        performance.now(),
      );
      const payload = JSON.stringify(answer(new URL(req.url ?? '/', 'http://x').pathname));
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      });
      res.end(payload);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    close: () => server.close(),
  };
}

const connector = (id: string) => builtinConnectors.find((c) => c.id === id) as Connector;
const secrets = {
  hubspot: { connector: 'hubspot', method: 'private_app', accessToken: 'pat-na1-bench' },
  stripe: { connector: 'stripe', method: 'secret_key', secretKey: 'sk_test_bench' },
  slack: { connector: 'slack', method: 'bot_token', botToken: 'xoxb-bench' },
};
const FLOW: { key: string; secret: Record<string, unknown>; params: unknown }[] = [
  { key: 'hubspot.get_contact@1', secret: secrets.hubspot, params: { id: '512' } },
  { key: 'hubspot.list_contacts@1', secret: secrets.hubspot, params: { limit: 1 } },
  { key: 'hubspot.create_contact@1', secret: secrets.hubspot, params: { email: 'n@example.com' } },
  { key: 'crm.upsert_contact@1', secret: secrets.hubspot, params: { email: 'n@example.com' } },
  { key: 'stripe.get_customer@1', secret: secrets.stripe, params: { id: 'cus_1' } },
  { key: 'stripe.create_customer@1', secret: secrets.stripe, params: { email: 'b@example.com' } },
  { key: 'stripe.list_invoices@1', secret: secrets.stripe, params: { limit: 1 } },
  { key: 'slack.send_message@1', secret: secrets.slack, params: { channel: 'C1', text: 'hi' } },
  { key: 'slack.get_channel@1', secret: secrets.slack, params: { channel: 'C1' } },
  { key: 'slack.list_channels@1', secret: secrets.slack, params: { limit: 1 } },
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};

async function overhead(redis: Redis): Promise<{ p50: number; p95: number; direct: number }> {
  let recording: Recorded[] | undefined;
  const vendor = await startLocalVendor((r) => recording?.push(r));
  const baseUrls = {
    hubspot: vendor.url,
    stripe: `${vendor.url}/v1`,
    slack: `${vendor.url}/slack`,
  };
  const executors = new Map(
    connectorExecutors(builtinConnectors, { baseUrls }).map((e) => [e.key, e]),
  );
  const limiter = new RedisRateLimiter(redis, `bench:ratelimit:${Date.now()}:`);
  const outbound = { allowPrivateNetworks: false, allowedHosts: [vendor.host] };
  const runFlow = async (iteration: number) => {
    for (const [index, step] of FLOW.entries()) {
      await executors.get(step.key)!.execute({
        params: step.params,
        input: {},
        credentials: step.secret,
        idempotencyKey: `bench-${iteration}:n${index}`,
        signal: new AbortController().signal,
        heartbeat: () => undefined,
        outbound,
        maxOutputBytes: 1 << 20,
        attempt: 1,
        // A fresh connection key per pass: each pass pays for the shared limiter, none waits on it.
        connection: { key: `bench-${iteration}`, rateLimiter: limiter },
      });
    }
  };
  recording = [];
  await runFlow(-1);
  const requests = recording;
  recording = undefined;
  const direct = async () => {
    for (const r of requests) {
      const response = await fetch(`${vendor.url}${r.url}`, {
        method: r.method,
        headers: r.headers,
        body: r.body,
      });
      await response.json();
    }
  };
  await direct();
  const perCall: number[] = [];
  const directTimes: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const a = performance.now();
    await runFlow(i);
    const b = performance.now();
    await direct();
    const c = performance.now();
    perCall.push((b - a - (c - b)) / FLOW.length);
    directTimes.push((c - b) / FLOW.length);
  }
  vendor.close();
  console.log(
    `flow of ${FLOW.length} connector operations (${requests.length} HTTP requests), ${ITERATIONS} passes`,
  );
  return {
    p50: percentile(perCall, 50),
    p95: percentile(perCall, 95),
    direct: percentile(directTimes, 50),
  };
}

/** One "worker": as many requests as it can through the shared connection until `untilMs`. */
async function worker(vendorUrl: string, host: string, key: string, untilMs: number) {
  const config = readConfig(process.env);
  const redis = new Redis(config.REDIS_URL);
  const limited: Connector = {
    ...connector('slack'),
    connection: {
      ...connector('slack').connection,
      rateLimit: { requests: LIMIT, perMs: WINDOW_MS },
    },
  };
  const { http } = openConnection(limited, secrets.slack, {
    outbound: { allowPrivateNetworks: false, allowedHosts: [host] },
    baseUrl: `${vendorUrl}/slack`,
    runtime: { key, rateLimiter: new RedisRateLimiter(redis) },
  });
  // Several requests in flight per worker, as a worker runs several activities at once.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < untilMs) await http.request({ method: 'GET', path: '/auth.test' });
    }),
  );
  await redis.quit();
}

async function rateLimitError(): Promise<{ error: number; maxInWindow: number; measured: number }> {
  const arrivals: number[] = [];
  const vendor = await startLocalVendor((_, at) => arrivals.push(at));
  const key = `bench-rate-${Date.now()}`;
  const children = [0, 1].map(() =>
    spawn(
      process.execPath,
      [...process.execArgv, import.meta.filename, 'worker', vendor.url, vendor.host, key],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: process.env,
      },
    ),
  );
  // Both start together once both are loaded, and run the same span.
  await Promise.all(
    children.map((child) => new Promise((resolve) => child.once('message', resolve))),
  );
  const until = Date.now() + WINDOWS * WINDOW_MS + 500;
  const exits = children.map(
    (child) =>
      new Promise<void>((resolve, reject) =>
        child.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`worker exited ${code}`)),
        ),
      ),
  );
  for (const child of children) child.send(until);
  await Promise.all(exits);
  vendor.close();
  arrivals.sort((a, b) => a - b);
  const start = arrivals[0] as number;
  const measured = arrivals.filter((t) => t < start + WINDOWS * WINDOW_MS).length / WINDOWS;
  let maxInWindow = 0;
  for (let i = 0, j = 0; i < arrivals.length; i++) {
    while ((arrivals[i] as number) - (arrivals[j] as number) >= WINDOW_MS) j++;
    maxInWindow = Math.max(maxInWindow, i - j + 1);
  }
  return { error: (Math.abs(measured - LIMIT) / LIMIT) * 100, maxInWindow, measured };
}

if (process.argv[2] === 'worker') {
  const [, , , url, host, key] = process.argv;
  const until = new Promise<number>((resolve) =>
    process.once('message', (m) => resolve(Number(m))),
  );
  process.send?.('ready');
  await worker(url as string, host as string, key as string, await until);
  process.exit(0);
}

// Shared machines skew both figures: say how busy this one was.
console.log(
  `load average at start: ${loadavg()[0]!.toFixed(1)} (${availableParallelism()} cores)`,
);
const redis = new Redis(readConfig(process.env).REDIS_URL);
const cost = await overhead(redis);
console.log(
  `per call: direct fetch p50 ${cost.direct.toFixed(2)} ms; connector overhead p50 ${cost.p50.toFixed(2)} ms, p95 ${cost.p95.toFixed(2)} ms`,
);
const rate = await rateLimitError();
console.log(
  `two workers, one connection limited to ${LIMIT} per ${WINDOW_MS} ms: ${rate.measured.toFixed(1)} per window over ${WINDOWS} windows, at most ${rate.maxInWindow} in any ${WINDOW_MS} ms`,
);
await redis.quit();
console.log(
  `connector: overhead p50 ${cost.p50.toFixed(2)} ms per call, rate limit error ${rate.error.toFixed(1)}%`,
);
process.exit(0);
