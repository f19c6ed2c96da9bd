// /healthz tells an operator which dependency is down.
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '@bizosaas/shared/config';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createApp } from '../src/app.js';
import { openOrm } from '../src/db/orm.js';
import { healthChecks, type HealthReport } from '../src/health.js';

const config = readConfig(process.env);

async function getHealth(redis: Redis) {
  const server = createApp({ health: healthChecks({ config, orm, redis }) }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: response.status, body: (await response.json()) as HealthReport };
  } finally {
    server.close();
  }
}

let orm: MikroORM;
beforeAll(async () => {
  orm = await openOrm(config);
});
afterAll(() => orm.close());

describe('GET /healthz', () => {
  it('answers 200 with every dependency up', async () => {
    const redis = new Redis(config.REDIS_URL);
    try {
      const { status, body } = await getHealth(redis);
      expect(status).toBe(200);
      expect(Object.keys(body.dependencies).sort()).toEqual([
        'openbao',
        'postgres',
        'redis',
        'temporal',
      ]);
      for (const dependency of Object.values(body.dependencies))
        expect(dependency).toMatchObject({ ok: true });
    } finally {
      redis.disconnect();
    }
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
