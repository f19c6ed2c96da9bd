// Fixed-window counters in Redis, shared by every server process.
import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';

export interface RateLimit {
  /** Counter name, e.g. `login:email:<address>`. */
  key: string;
  limit: number;
  windowSeconds: number;
}

/** Counts one attempt; throws RATE_LIMITED once the window's limit is exceeded. */
export async function hit(redis: Redis, rule: RateLimit): Promise<void> {
  const key = `ratelimit:${rule.key}`;
  const [[, count] = [], [, ttl] = []] = (await redis.multi().incr(key).ttl(key).exec()) as [
    Error | null,
    number,
  ][];
  if (ttl === -1) await redis.expire(key, rule.windowSeconds);
  if ((count ?? 0) > rule.limit) {
    const retryAfter = (ttl ?? 0) > 0 ? ttl : rule.windowSeconds;
    throw new AppError('RATE_LIMITED', `too many attempts; try again in ${retryAfter} s`, {
      retryAfterSeconds: retryAfter,
    });
  }
}

/** Forgets the counter, e.g. after a successful login. */
export async function reset(redis: Redis, key: string): Promise<void> {
  await redis.del(`ratelimit:${key}`);
}
