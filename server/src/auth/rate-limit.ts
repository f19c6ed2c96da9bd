// Failure counters per source in Redis, shared by every server process (invite acceptance): only
// failed attempts count. Sign-in has its own throttle with growing delays (login-throttle.ts).
import type { Redis } from 'ioredis';
import { rateLimited } from '../errors.js';

export interface RateLimit {
  /** Counter name, e.g. `login:email:<hash>`. */
  key: string;
  /** Failures allowed per window. */
  limit: number;
  windowSeconds: number;
}

/** Throws RATE_LIMITED when the window already holds `limit` failures. */
export async function ensureAllowed(redis: Redis, rule: RateLimit): Promise<void> {
  const key = `ratelimit:${rule.key}`;
  const [count, ttl] = await Promise.all([redis.get(key), redis.ttl(key)]);
  if (Number(count ?? 0) >= rule.limit)
    throw rateLimited(
      (ttl > 0 ? ttl : rule.windowSeconds) * 1000,
      (seconds) => `too many failed attempts; try again in ${seconds} s`,
    );
}

export async function recordFailure(redis: Redis, rule: RateLimit): Promise<void> {
  const key = `ratelimit:${rule.key}`;
  await redis.multi().incr(key).expire(key, rule.windowSeconds, 'NX').exec();
}
