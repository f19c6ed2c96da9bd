import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConnectionSecrets } from '../src/index.js';
import { chain, node } from './support/flows.js';
import { startHarness, statuses, TENANT, type Harness } from './support/harness.js';

let h: Harness;
let server: Server;
let base: string;
let secrets: ConnectionSecrets;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] =
  [];
const flakyHits = new Map<string, number>();
const connectionId = `conn-${randomUUID()}`;
const token = `tok-${randomUUID()}`;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            ok: true,
            q: url.searchParams.get('q'),
            auth: req.headers.authorization === `Bearer ${token}`,
          }),
        );
      } else if (url.pathname === '/text') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`got ${body}`);
      } else if (url.pathname === '/flaky') {
        const key = String(req.headers['idempotency-key']);
        const hits = (flakyHits.get(key) ?? 0) + 1;
        flakyHits.set(key, hits);
        if (hits < 2) res.writeHead(503, { 'retry-after': '0' }).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"hits":2}');
      } else if (url.pathname === '/missing') {
        res.writeHead(404).end();
      } else if (url.pathname === '/to-metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      } else {
        res.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  h = await startHarness({
    outbound: { allowPrivateNetworks: false, allowedHosts: [`127.0.0.1:${port}`] },
  });
  secrets = new ConnectionSecrets({
    address: h.config.VAULT_ADDR,
    token: h.config.VAULT_TOKEN ?? '',
    mount: h.config.VAULT_KV_MOUNT,
  });
  await secrets.write(TENANT, connectionId, { type: 'bearer', token });
});
afterAll(async () => {
  await secrets?.remove(TENANT, connectionId);
  await h?.close();
  server?.close();
});

const http = (id: string, params: Record<string, unknown>, extra = {}) =>
  node(id, 'core.http_request', {
    params: params as never,
    retry: { maxAttempts: 3, initialIntervalMs: 50 },
    ...extra,
  });

describe('HTTP request node in a real run', () => {
  test('GET with query and bearer auth read from OpenBao at run time; JSON response', async () => {
    const { result, error } = await h.run(
      chain([
        http('get', { url: `${base}/json`, query: { q: '{{ $trigger.q }}' } }, { connectionId }),
      ]),
      { q: 'shoes' },
    );
    expect(error).toBeUndefined();
    expect(result?.output).toMatchObject({
      status: 200,
      body: { ok: true, q: 'shoes', auth: true },
    });
  });

  test('POST a form body and read the response as text; the idempotency key is sent', async () => {
    const runId = randomUUID();
    const { result } = await h.run(
      chain([
        http('post', {
          method: 'POST',
          url: `${base}/text`,
          body: { type: 'form', form: { a: '1', b: 'x y' } },
          response: 'text',
        }),
      ]),
      {},
      { runId },
    );
    expect(result?.output).toMatchObject({ status: 200, body: 'got a=1&b=x+y' });
    const request = seen.find((s) => s.headers['idempotency-key'] === `${runId}:post`);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  test('a 503 is retried with the same idempotency key, a 404 is not', async () => {
    const runId = randomUUID();
    const ok = await h.run(chain([http('flaky', { url: `${base}/flaky` })]), {}, { runId });
    expect(ok.error?.cause).toBeUndefined();
    expect(ok.result?.output).toMatchObject({ body: { hits: 2 } });
    expect(flakyHits.get(`${runId}:flaky`)).toBe(2);

    const missing = await h.run(chain([http('missing', { url: `${base}/missing` })]));
    expect(missing.error?.cause).toMatchObject({
      type: 'HTTP_STATUS',
      message: expect.stringContaining('HTTP 404'),
    });
    expect(seen.filter((s) => s.url === '/missing')).toHaveLength(1);
  });

  test.each([
    'http://127.0.0.1/',
    'http://127.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://2130706433/',
    'http://169.254.169.254/latest/meta-data/',
  ])('the SSRF guard refuses %s', async (url) => {
    const { error, state } = await h.run(chain([http('call', { url })]));
    expect(error?.cause).toMatchObject({ type: 'SSRF_REFUSED' });
    expect(statuses(state).call).toBe('failed');
  });

  test('the SSRF guard refuses a redirect from an allowed server to the metadata address', async () => {
    const { error } = await h.run(chain([http('call', { url: `${base}/to-metadata` })]));
    expect(error?.cause).toMatchObject({ type: 'SSRF_REFUSED' });
  });

  test('webhook and schedule triggers pass their payload on', async () => {
    for (const trigger of [
      node('start', 'core.webhook_trigger', { params: { path: 'leads' } }),
      node('start', 'core.schedule_trigger', { params: { cron: '0 9 * * 1' } }),
    ]) {
      const payload = { body: { email: 'a@b.test' }, scheduledAt: '2026-01-01T09:00:00Z' };
      const flow = chain([node('next', 'core.noop')]);
      flow.nodes[0] = trigger;
      const { result } = await h.run(flow, payload);
      expect(result?.output).toEqual(payload);
    }
  });
});
