import { Redis } from 'ioredis';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readConfig } from '@bizosaas/shared/config';
import {
  apiKeyAuth,
  bearerAuth,
  defineConnection,
  defineConnector,
  oauth2Auth,
  oauth2ClientFields,
  type OAuth2Tokens,
} from '../src/connectors/sdk/index.js';
import { openConnection } from '../src/connectors/executors.js';
import { RedisTokenRefresher, type TokenStore } from '../src/http/oauth2.js';
import { MemoryRateLimiter, RedisRateLimiter } from '../src/http/rate-limit.js';
import { NodeError } from '../src/node-error.js';
import { json, startVendor } from './support/vendor-server.js';

// The connector HTTP client against a local stand-in vendor: what it sends, and how each vendor
// answer reads in the error taxonomy a flow's retry policy acts on.

const connection = defineConnection({
  auth: [
    bearerAuth({
      id: 'token',
      title: 'API token',
      credentials: z.object({ token: z.string() }),
      token: (c) => c.token,
    }),
    apiKeyAuth({
      id: 'key',
      title: 'API key',
      credentials: z.object({ key: z.string() }),
      in: 'query',
      name: 'api_key',
      value: (c) => c.key,
    }),
    oauth2Auth({
      id: 'oauth2',
      title: 'OAuth2',
      credentials: z.object({ ...oauth2ClientFields, tokenUrl: z.string() }),
      authorizeUrl: () => 'https://acme.example/authorize',
      tokenUrl: (c) => c.tokenUrl,
      scopes: ['read'],
    }),
  ],
  baseUrl: () => 'https://api.acme.example/v1',
  allowedHosts: (c) => [
    'api.acme.example',
    ...(c.method === 'oauth2' ? [new URL(c.tokenUrl).host] : []),
  ],
  test: { method: 'GET', path: '/me' },
});
const acme = defineConnector({
  id: 'acme',
  title: 'Acme',
  description: 'A vendor for tests.',
  category: 'crm',
  icon: 'box',
  docsUrl: 'https://acme.example/docs',
  connection,
  operations: [],
});

type Vendor = Awaited<ReturnType<typeof startVendor>>;
let vendor: Vendor;
let reply: (path: string) => { status: number; body: unknown; headers?: Record<string, string> };

beforeAll(async () => {
  vendor = await startVendor((req, res) => {
    const r = reply(req.path);
    if (typeof r.body === 'string') {
      res.writeHead(r.status, r.headers);
      res.end(r.body);
    } else json(res, r.status, r.body, r.headers);
  });
});
afterAll(() => vendor.close());

function open(
  secret: Record<string, unknown>,
  extra: Parameters<typeof openConnection>[2] = {
    outbound: { allowPrivateNetworks: false, allowedHosts: [] },
  },
) {
  return openConnection(acme, secret, {
    maxBodyBytes: 1024,
    ...extra,
    outbound: vendor.outbound,
    baseUrl: `${vendor.url}/v1`,
  });
}

async function failure(promise: Promise<unknown>): Promise<NodeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}

describe('requests', () => {
  test('the token, query, JSON body and idempotency key reach the vendor as written', async () => {
    reply = () => ({ status: 201, body: { id: 'c_1' } });
    const { http } = open(
      { token: 's3cret' },
      { outbound: vendor.outbound, idempotencyKey: 'run-1:node-a' },
    );
    const response = await http.request({
      method: 'POST',
      path: '/contacts',
      query: { tag: ['a', 'b'], skip: undefined },
      json: { email: 'ada@example.com' },
      idempotencyHeader: 'Idempotency-Key',
    });
    expect(response).toMatchObject({ status: 201, body: { id: 'c_1' } });
    const sent = vendor.received.at(-1)!;
    expect(sent).toMatchObject({
      method: 'POST',
      path: '/v1/contacts',
      query: { tag: ['a', 'b'] },
      body: '{"email":"ada@example.com"}',
    });
    expect(sent.headers).toMatchObject({
      authorization: 'Bearer s3cret',
      'content-type': 'application/json',
      'idempotency-key': 'run-1:node-a:0',
    });
  });

  test('an API key in the query; nested form bodies use brackets', async () => {
    reply = () => ({ status: 200, body: {} });
    const { http } = open({ method: 'key', key: 'k-42' });
    await http.request({
      method: 'POST',
      path: '/invoices',
      form: { lines: [{ amount: 5 }], meta: { a: 'b' } },
    });
    const sent = vendor.received.at(-1)!;
    expect(sent.query).toEqual({ api_key: 'k-42' });
    expect(decodeURIComponent(sent.body)).toBe('lines[0][amount]=5&meta[a]=b');
  });

  test('a URL outside the connection’s hosts is refused before anything is sent', async () => {
    const { http } = open({ token: 't' });
    const before = vendor.received.length;
    const error = await failure(
      http.request({ method: 'GET', path: 'https://evil.example/steal' }),
    );
    expect(error.code).toBe('HOST_NOT_ALLOWED');
    expect(vendor.received.length).toBe(before);
  });

  test('credentials missing a field fail INVALID_CREDENTIALS naming the field, not its value', async () => {
    const error = await failure(Promise.resolve().then(() => open({ method: 'token' })));
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.message).toContain('token');
  });
});

describe('the error taxonomy', () => {
  test('401 → AUTH_FAILED, not retryable, and the connection is marked as needing attention', async () => {
    reply = () => ({ status: 401, body: { message: 'This token has been revoked' } });
    const reasons: string[] = [];
    const { http } = open(
      { token: 'old' },
      {
        outbound: vendor.outbound,
        runtime: { key: 't1/conn1', markNeedsAttention: async (r) => void reasons.push(r) },
      },
    );
    const error = await failure(http.request({ method: 'GET', path: '/me' }));
    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(error.message).toContain('This token has been revoked');
    expect(reasons).toEqual([error.message]);
  });

  test('429 → RATE_LIMITED, retryable after the Retry-After delay', async () => {
    reply = () => ({
      status: 429,
      body: { message: 'slow down' },
      headers: { 'retry-after': '7' },
    });
    const error = await failure(open({ token: 't' }).http.request({ method: 'GET', path: '/x' }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 7000 });
  });

  test('5xx → VENDOR_UNAVAILABLE, retryable; an HTML error page still reads as its status', async () => {
    reply = () => ({
      status: 503,
      body: '<html>down</html>',
      headers: { 'content-type': 'text/html' },
    });
    const error = await failure(open({ token: 't' }).http.request({ method: 'GET', path: '/x' }));
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', retryable: true });
  });

  test('another 4xx → VENDOR_ERROR, not retryable, with the vendor’s own message', async () => {
    reply = () => ({
      status: 422,
      body: { errors: [{ message: 'Property "emal" does not exist' }] },
    });
    const error = await failure(open({ token: 't' }).http.request({ method: 'GET', path: '/x' }));
    expect(error).toMatchObject({ code: 'VENDOR_ERROR', retryable: false });
    expect(error.message).toBe('HTTP 422: Property "emal" does not exist');
  });

  test('a body over the cap → PAYLOAD_TOO_LARGE before parsing', async () => {
    reply = () => ({ status: 200, body: { data: 'x'.repeat(5000) } });
    const error = await failure(open({ token: 't' }).http.request({ method: 'GET', path: '/big' }));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('a body streamed with no length is read only up to the cap: PAYLOAD_TOO_LARGE, never parsed', async () => {
    // Chunked and never ending, and not JSON: waiting for its end, or parsing it, cannot pass.
    let sent = 0;
    let hungUp!: () => void;
    const gone = new Promise<void>((resolve) => (hungUp = resolve));
    const endless = await startVendor((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => {
        sent += 256;
        res.write('{'.repeat(256));
      }, 2);
      res.on('close', () => {
        clearInterval(timer);
        hungUp();
      });
    });
    try {
      const call = openConnection(
        acme,
        { token: 't' },
        { maxBodyBytes: 1024, outbound: endless.outbound, baseUrl: `${endless.url}/v1` },
      );
      const error = await failure(call.http.request({ method: 'GET', path: '/stream' }));
      expect(error.code).toBe('PAYLOAD_TOO_LARGE');
      await gone;
      expect(sent).toBeLessThan(64 * 1024);
    } finally {
      await endless.close();
    }
  });
});

describe('pagination', () => {
  const items = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));

  test('cursor: follows the next cursor, asking only for what is missing', async () => {
    reply = () => {
      const q = vendor.received.at(-1)!.query;
      const start = Number(q.after ?? 0);
      const end = start + Number(q.limit);
      return {
        status: 200,
        body: {
          results: items.slice(start, end),
          paging: end < 7 ? { next: { after: String(end) } } : {},
        },
      };
    };
    const page = await open({ token: 't' }).http.paginate(
      { method: 'GET', path: '/contacts' },
      {
        pagination: {
          style: 'cursor',
          cursorParam: 'after',
          nextCursorPath: 'paging.next.after',
          itemsPath: 'results',
          limitParam: 'limit',
        },
        limit: 5,
        pageSize: 3,
      },
    );
    expect(page).toEqual({ items: items.slice(0, 5), nextCursor: '5' });
    expect(vendor.received.slice(-2).map((r) => r.query)).toEqual([
      { limit: '3' },
      { after: '3', limit: '2' },
    ]);
  });

  test('offset, page and Link header walk to the end', async () => {
    reply = (path) => {
      const q = vendor.received.at(-1)!.query;
      if (path.endsWith('/offset'))
        return {
          status: 200,
          body: { data: items.slice(Number(q.offset), Number(q.offset) + Number(q.limit)) },
        };
      if (path.endsWith('/page')) {
        const start = (Number(q.page) - 1) * Number(q.per_page);
        return { status: 200, body: items.slice(start, start + Number(q.per_page)) };
      }
      const start = Number(q.from ?? 0);
      const next: Record<string, string> =
        start + 3 < 7 ? { link: `<${vendor.url}/v1/link?from=${start + 3}>; rel="next"` } : {};
      return { status: 200, body: items.slice(start, start + 3), headers: next };
    };
    const { http } = open({ token: 't' });
    const all = { limit: 100, pageSize: 3 };
    await expect(
      http.paginate(
        { method: 'GET', path: '/offset' },
        {
          ...all,
          pagination: {
            style: 'offset',
            offsetParam: 'offset',
            limitParam: 'limit',
            itemsPath: 'data',
          },
        },
      ),
    ).resolves.toEqual({ items });
    await expect(
      http.paginate(
        { method: 'GET', path: '/page' },
        {
          ...all,
          pagination: { style: 'page', pageParam: 'page', limitParam: 'per_page', itemsPath: '' },
        },
      ),
    ).resolves.toEqual({ items });
    await expect(
      http.paginate({ method: 'GET', path: '/link' }, { ...all, pagination: { style: 'link' } }),
    ).resolves.toEqual({ items });
  });
});

describe('shared across workers (Redis)', () => {
  const config = readConfig({ ...process.env, BIZOSAAS_PROFILE: 'test' });
  const redis = [new Redis(config.REDIS_URL), new Redis(config.REDIS_URL)];
  afterAll(() => Promise.all(redis.map((r) => r.quit())));

  test('two workers refreshing one expired OAuth2 token make one refresh; both get the new token', async () => {
    let refreshes = 0;
    const token = await startVendor(async (req, res) => {
      refreshes++;
      await new Promise((r) => setTimeout(r, 100));
      expect(new URLSearchParams(req.body).get('refresh_token')).toBe('rt-1');
      json(res, 200, { access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 });
    });
    reply = () => ({ status: 200, body: { ok: true } });
    const key = `test-${Date.now()}`;
    let stored: OAuth2Tokens = {
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      expiresAt: Date.now() - 1000,
    };
    const store: TokenStore = {
      read: async () => stored,
      write: async (_, tokens) => void (stored = tokens),
    };
    const workers = redis.map((r) => new RedisTokenRefresher(r, store, { pollMs: 10 }));
    const secret = {
      method: 'oauth2',
      clientId: 'id',
      clientSecret: 'sec',
      tokenUrl: `${token.url}/token`,
      oauth2: stored,
    };
    try {
      await Promise.all(
        workers.map((tokens) =>
          openConnection(acme, secret, {
            outbound: { allowPrivateNetworks: false, allowedHosts: [vendor.host, token.host] },
            baseUrl: `${vendor.url}/v1`,
            runtime: { key, tokens },
          }).http.request({ method: 'GET', path: '/me' }),
        ),
      );
    } finally {
      await token.close();
    }
    expect(refreshes).toBe(1);
    expect(stored).toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-2' });
    expect(vendor.received.slice(-2).map((r) => r.headers.authorization)).toEqual([
      'Bearer at-2',
      'Bearer at-2',
    ]);
  });

  test('two limiters sharing one window never reserve more than the limit in any window', async () => {
    const key = `rate-${Date.now()}`;
    const prefix = 'test:ratelimit:';
    const limit = { requests: 20, perMs: 500 };
    const limiters = redis.map((r) => new RedisRateLimiter(r, prefix));
    const waits: number[] = [];
    await Promise.all(
      limiters.map(async (limiter) => {
        for (let i = 0; i < 30; i++) {
          const slot = await limiter.reserve(key, limit, 5000);
          if ('retryAfterMs' in slot) throw new Error('unexpected refusal');
          waits.push(slot.waitMs);
        }
      }),
    );
    // The reserved start times, in Redis's clock: what the vendor would see, less network jitter.
    const slots = (await redis[0]!.zrange(prefix + key, '0', '-1', 'WITHSCORES'))
      .filter((_, i) => i % 2 === 1)
      .map(Number);
    expect(slots).toHaveLength(60);
    for (let i = limit.requests; i < slots.length; i++)
      expect(slots[i]! - slots[i - limit.requests]!).toBeGreaterThanOrEqual(limit.perMs);
    // 60 requests at 20 per 500 ms: the first 20 go at once, the last 20 two windows later.
    expect(waits.filter((w) => w === 0).length).toBeGreaterThanOrEqual(1);
    expect(slots.at(-1)! - slots[0]!).toBeGreaterThanOrEqual(2 * limit.perMs);
  });

  test('a wait longer than allowed reserves nothing and says when to come back', async () => {
    const limiter = new MemoryRateLimiter();
    const limit = { requests: 1, perMs: 10_000 };
    expect(await limiter.reserve('k', limit, 0)).toEqual({ waitMs: 0 });
    const refused = await limiter.reserve('k', limit, 100);
    expect('retryAfterMs' in refused && refused.retryAfterMs).toBeGreaterThan(9000);
  });
});
