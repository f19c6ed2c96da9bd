import type { Redis } from 'ioredis';
import type { OAuth2Tokens } from '../connectors/sdk/auth.js';
import type { ConnectionRuntime } from './connection-runtime.js';
import { RedisTokenRefresher } from './oauth2.js';
import { RedisRateLimiter } from './rate-limit.js';

/** Where a process reads and writes connection secrets (the secrets engine). */
export interface ConnectionSecretAccess {
  read(tenantId: string, connectionId: string): Promise<Record<string, unknown>>;
  write(tenantId: string, connectionId: string, secret: Record<string, unknown>): Promise<void>;
}

/** The stream the server reads "needs attention" reports from (the worker has no database). */
export const CONNECTION_ATTENTION_STREAM = 'bizosaas:connection-attention';

/**
 * The ConnectionRuntime every worker builds the same way, so all of them share one rate limit
 * and one token refresh per connection (Redis), keep refreshed tokens in the connection's secret,
 * and report refused credentials on CONNECTION_ATTENTION_STREAM as `{ tenantId, connectionId, reason, at }`.
 * The key is `<tenant>/<connection>`, as the server's own refresher uses.
 */
export function sharedConnectionRuntimes(deps: {
  redis: Redis;
  secrets: ConnectionSecretAccess;
}): (tenantId: string, connectionId: string) => ConnectionRuntime {
  const rateLimiter = new RedisRateLimiter(deps.redis);
  const locate = (key: string) => {
    const match = /([\w-]+)\/([\w-]+)$/.exec(key);
    if (!match) throw new Error(`not a connection key: ${key}`);
    return { tenantId: match[1] as string, connectionId: match[2] as string };
  };
  const tokens = new RedisTokenRefresher(deps.redis, {
    async read(key) {
      const { tenantId, connectionId } = locate(key);
      return (await deps.secrets.read(tenantId, connectionId)).oauth2 as OAuth2Tokens | undefined;
    },
    async write(key, fresh) {
      const { tenantId, connectionId } = locate(key);
      const secret = await deps.secrets.read(tenantId, connectionId);
      await deps.secrets.write(tenantId, connectionId, { ...secret, oauth2: fresh });
    },
  });
  return (tenantId, connectionId) => ({
    key: `${tenantId}/${connectionId}`,
    rateLimiter,
    tokens,
    async markNeedsAttention(reason) {
      await deps.redis.xadd(
        CONNECTION_ATTENTION_STREAM,
        'MAXLEN',
        '~',
        '10000',
        '*',
        'tenantId',
        tenantId,
        'connectionId',
        connectionId,
        'reason',
        reason,
        'at',
        new Date().toISOString(),
      );
    },
  });
}
