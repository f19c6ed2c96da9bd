// /healthz tells an operator which dependency is down.
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { healthChecks, type HealthReport } from '../src/health.js';
import { config, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ingressWorker: false });
});
afterAll(() => server.close());

async function getHealth(redis: Redis) {
  const { services } = server;
  const app = createApp({
    health: healthChecks({ config, orm: services.orm, redis }),
    services,
    live: server.live,
  });
  const listener = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listener.once('listening', resolve));
  try {
    const { port } = listener.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: response.status, body: (await response.json()) as HealthReport };
  } finally {
    listener.close();
  }
}

describe('GET /healthz', () => {
  it('answers 200 with every dependency up', async () => {
    const response = await fetch(`${server.url}/healthz`);
    const body = (await response.json()) as HealthReport;
    expect(response.status).toBe(200);
    expect(Object.keys(body.dependencies).sort()).toEqual([
      'openbao',
      'postgres',
      'redis',
      'temporal',
    ]);
    for (const dependency of Object.values(body.dependencies))
      expect(dependency).toMatchObject({ ok: true });
  });

  it('answers 503 and names the dependency that is down', async () => {
    // Nothing listens on port 1: Redis is unreachable, everything else is fine.
    const redis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true });
    redis.on('error', () => {});
    try {
      const { status, body } = await getHealth(redis);
      expect(status).toBe(503);
      expect(body.dependencies.redis?.ok).toBe(false);
      expect(body.dependencies.redis?.error).toBeTruthy();
      expect(body.dependencies.postgres?.ok).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});

describe('GET /metrics', () => {
  it('exposes HTTP latency, runs, queue depth and approval backlog for Prometheus', async () => {
    await fetch(`${server.url}/healthz`);
    const response = await fetch(`${server.url}/metrics`);
    const text = await response.text();
    expect(response.status).toBe(200);
    for (const name of [
      'http_request_duration_seconds_bucket',
      'runs_started_total',
      'runs_failed',
      'webhook_queue_depth',
      'approval_backlog',
    ])
      expect(text).toContain(name);
  });
});
