// Regression: every unauthenticated call to a made-up `/trpc/<anything>` added a route label to
// /metrics (series without bound, a memory leak anyone could drive), and /metrics itself was
// open to anyone. Labels now name only real procedures, and reading /metrics takes METRICS_TOKEN
// (or, without one, being on the server's own machine).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, unique, type TestServer } from '../harness.js';

const METRICS_TOKEN = `metrics-${unique('token')}`;
let guarded: TestServer;
let local: TestServer;
beforeAll(async () => {
  [guarded, local] = await Promise.all([
    startTestServer({ config: { METRICS_TOKEN } }),
    startTestServer(),
  ]);
});
afterAll(() => Promise.all([guarded.close(), local.close()]));

const routeLabels = (text: string) =>
  new Set(
    [...text.matchAll(/^http_request_duration_seconds_count\{[^}]*route="([^"]*)"/gm)].map(
      (match) => match[1],
    ),
  );

it('labels calls to unknown procedures as one route, whatever their path', async () => {
  for (let i = 0; i < 50; i++) await fetch(`${guarded.url}/trpc/${unique('nope')}`);
  await fetch(`${guarded.url}/trpc/auth.me`);
  await fetch(`${guarded.url}/trpc/auth.me,${unique('nope')}?batch=1&input={}`);
  const response = await fetch(`${guarded.url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(response.status).toBe(200);
  const trpcLabels = [...routeLabels(await response.text())].filter((label) =>
    label?.startsWith('/trpc/'),
  );
  expect(trpcLabels.sort()).toEqual(['/trpc/:unknown', '/trpc/auth.me']);
});

it('serves /metrics only with the token when METRICS_TOKEN is set', async () => {
  const without = await fetch(`${guarded.url}/metrics`);
  expect(without.status).toBe(401);
  expect(without.headers.get('www-authenticate')).toContain('Bearer');
  const wrong = await fetch(`${guarded.url}/metrics`, {
    headers: { authorization: 'Bearer not-the-metrics-token' },
  });
  expect(wrong.status).toBe(401);
  expect(await wrong.text()).not.toContain('http_request_duration_seconds');
});

it('serves /metrics without a token only to this machine, not to callers behind a proxy', async () => {
  expect((await fetch(`${local.url}/metrics`)).status).toBe(200);
  // The server trusts a proxy on loopback, which names the real caller in X-Forwarded-For.
  const forwarded = await fetch(`${local.url}/metrics`, {
    headers: { 'x-forwarded-for': '203.0.113.7' },
  });
  expect(forwarded.status).toBe(403);
  expect(await forwarded.text()).toContain('METRICS_TOKEN');
});
