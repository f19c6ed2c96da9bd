// Random and malformed input to every procedure and to a webhook: the answer is always a 4xx (or a
// success), never a 500, and the server keeps answering.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '@bizosaas/shared';
import { procedurePaths, procedureType } from '../src/router.js';
import {
  publishWebhookFlow,
  signUp,
  startTestServer,
  type Session,
  type TestServer,
} from './harness.js';

let server: TestServer;
let owner: Session & { slug: string };
let hookUrl: string;
let hookSecret: string;
beforeAll(async () => {
  server = await startTestServer({ ingressWorker: false });
  owner = await signUp(server.url);
  const hook = await publishWebhookFlow(server.url, owner);
  hookUrl = hook.url;
  hookSecret = hook.secret;
});
afterAll(() => server.close());

/** Inputs shaped like ours (ids, revisions, graphs) mixed with anything JSON can hold. */
const plausible = fc.record(
  {
    flowId: fc.oneof(fc.uuid(), fc.string()),
    revision: fc.oneof(fc.integer(), fc.double(), fc.string()),
    tenantId: fc.uuid(),
    graph: fc.oneof(
      fc.jsonValue(),
      fc.record({
        schemaVersion: fc.constant(2),
        nodes: fc.array(fc.jsonValue()),
        edges: fc.array(fc.jsonValue()),
      }),
    ),
    email: fc.oneof(fc.emailAddress(), fc.string()),
    name: fc.string(),
    payload: fc.jsonValue(),
    runId: fc.string(),
    version: fc.oneof(fc.integer(), fc.constant('draft')),
  },
  { requiredKeys: [] },
);
const input = fc.oneof(fc.jsonValue(), plausible);
const rawBody = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '{',
    '[1,',
    '{"a":}',
    'null',
    '',
    '\u0000',
    '{"__proto__":{"x":1}}',
    '"'.repeat(1000),
  ),
);

// Random bodies spread over many client addresses, so failed-login counters of other tests stay clean.
const forwardedFor = fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `198.51.${a}.${b}`);

function expectNo5xx(status: number, what: string) {
  expect(status, what).toBeLessThan(500);
}

describe('fuzzing every procedure', () => {
  it.each(procedurePaths())('%s never answers 5xx', async (path) => {
    const type = procedureType(path);
    await fc.assert(
      fc.asyncProperty(
        input,
        rawBody,
        forwardedFor,
        fc.boolean(),
        async (value, raw, ip, useRaw) => {
          const headers: Record<string, string> = {
            cookie: owner.cookie,
            [CSRF_HEADER]: owner.csrf,
            'x-forwarded-for': ip,
          };
          let response: Response;
          if (type === 'query') {
            const query = useRaw ? raw : JSON.stringify(value);
            response = await fetch(
              `${server.url}/trpc/${path}?input=${encodeURIComponent(query)}`,
              { headers },
            );
          } else {
            response = await fetch(`${server.url}/trpc/${path}`, {
              method: 'POST',
              headers: { ...headers, 'content-type': 'application/json' },
              body: useRaw ? raw : JSON.stringify(value),
            });
          }
          expectNo5xx(
            response.status,
            `${path} ${useRaw ? raw : JSON.stringify(value)}`.slice(0, 500),
          );
          await response.arrayBuffer();
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses non-JSON tRPC posts, unknown procedures and batch garbage with 4xx', async () => {
    const cases: [string, RequestInit][] = [
      [
        '/trpc/flows.create',
        {
          method: 'POST',
          body: 'name=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
      ],
      [
        '/trpc/no.such',
        { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } },
      ],
      ['/trpc/flows.list,flows.get?batch=1&input=%7B%220%22%3A1', {}],
      ['/trpc/flows.list?batch=1&input=[]', {}],
      [
        '/trpc/flows.create',
        { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } },
      ],
      [
        '/trpc/flows.create',
        {
          method: 'POST',
          body: 'x'.repeat(6_000_000),
          headers: { 'content-type': 'application/json' },
        },
      ],
      // Any other GET is a page of the single-page editor; a path under an API prefix is not.
      ['/oauth/nowhere', {}],
    ];
    for (const [path, init] of cases) {
      const response = await fetch(`${server.url}${path}`, {
        ...init,
        headers: { ...init.headers, cookie: owner.cookie, [CSRF_HEADER]: owner.csrf },
      });
      expectNo5xx(response.status, path.slice(0, 100));
      expect(response.status).toBeGreaterThanOrEqual(400);
      const text = await response.text();
      expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });
});

describe('fuzzing a webhook', () => {
  it('never answers 5xx, whatever the body, type or headers', async () => {
    const contentType = fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/x-www-form-urlencoded',
        'text/plain',
        'application/xml',
        'application/json; charset=latin1',
        'multipart/form-data',
        '',
      ),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(
        rawBody,
        contentType,
        fc.option(fc.string()),
        fc.boolean(),
        async (body, type, key, signed) => {
          const headers: Record<string, string> = {};
          if (signed) headers['x-webhook-secret'] = hookSecret;
          if (type && /^[\x20-\x7e]*$/.test(type)) headers['content-type'] = type;
          if (key !== null && /^[\x20-\x7e]*$/.test(key)) headers['idempotency-key'] = key;
          const response = await fetch(hookUrl, { method: 'POST', body, headers });
          expectNo5xx(response.status, `${type} ${JSON.stringify(body).slice(0, 200)}`);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 150 },
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
