import { Redis } from 'ioredis';
import { afterAll, expect, test } from 'vitest';
import { readConfig } from '@bizosaas/shared/config';
import {
  CONNECTION_ATTENTION_STREAM,
  sharedConnectionRuntimes,
} from '../src/http/shared-connection-runtime.js';

// What every worker builds for a connection: refreshed tokens land in the connection's secret
// (the other fields kept), and refused credentials are reported where the server reads them.

const redis = new Redis(readConfig({ ...process.env, BIZOSAAS_PROFILE: 'test' }).REDIS_URL);
afterAll(() => redis.quit());

test('a refresh stores the new tokens in the secret; a refusal is reported on the attention stream', async () => {
  const stored = new Map<string, Record<string, unknown>>([
    [
      'acme/conn_1',
      { connector: 'hubspot', method: 'oauth2', clientId: 'id', oauth2: { accessToken: 'old' } },
    ],
  ]);
  const runtimes = sharedConnectionRuntimes({
    redis,
    secrets: {
      read: async (t, c) => ({ ...stored.get(`${t}/${c}`) }),
      write: async (t, c, secret) => void stored.set(`${t}/${c}`, secret),
    },
  });
  const runtime = runtimes('acme', 'conn_1');
  expect(runtime.key).toBe('acme/conn_1');
  const fresh = await runtime.tokens!.refresh(
    `hubspot:${runtime.key}`,
    { accessToken: 'old' },
    async () => ({ accessToken: 'new', expiresAt: 1 }),
  );
  expect(fresh).toEqual({ accessToken: 'new', expiresAt: 1 });
  expect(stored.get('acme/conn_1')).toEqual({
    connector: 'hubspot',
    method: 'oauth2',
    clientId: 'id',
    oauth2: { accessToken: 'new', expiresAt: 1 },
  });

  const before = Date.now() - 1;
  await runtime.markNeedsAttention!('HTTP 401: token revoked');
  const entries = await redis.xrange(CONNECTION_ATTENTION_STREAM, String(before), '+');
  expect(entries.map(([, fields]) => fields.slice(0, 6))).toContainEqual([
    'tenantId',
    'acme',
    'connectionId',
    'conn_1',
    'reason',
    'HTTP 401: token revoked',
  ]);
});
