import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimiter } from './connection-runtime.js';

// A sliding window with reservations: a request takes the earliest start time at which no window
// of `perMs` holds more than `requests` starts, and waits for it. Vendors count in windows, so this
// never sends more than the limit in any window (a token bucket allows up to twice its size in one
// window at the start), and it spreads callers out instead of failing them while the wait is short.

/**
 * KEYS[1] the connection's window (a sorted set of reserved start times, ms). ARGV: requests, perMs,
 * maxWaitMs, a unique member. Returns {1, waitMs} when reserved, {0, waitMs} when the wait is too long.
 * The clock is Redis's own, so workers whose clocks differ still share one window.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local requests = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - per)
local slot = now
local count = redis.call('ZCARD', KEYS[1])
if count >= requests then
  local nth = redis.call('ZRANGE', KEYS[1], count - requests, count - requests, 'WITHSCORES')
  slot = math.max(slot, tonumber(nth[2]) + per)
end
if count > 0 then
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  slot = math.max(slot, tonumber(last[2]))
end
if slot - now > tonumber(ARGV[3]) then
  return {0, slot - now}
end
redis.call('ZADD', KEYS[1], slot, ARGV[4])
redis.call('PEXPIRE', KEYS[1], slot - now + per + 1000)
return {1, slot - now}
`;

/** The rate limiter every worker shares through Redis. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'bizosaas:ratelimit:',
  ) {}

  async reserve(
    key: string,
    limit: { requests: number; perMs: number },
    maxWaitMs: number,
  ): Promise<{ waitMs: number } | { retryAfterMs: number }> {
    const [reserved, waitMs] = (await this.redis.eval(
      RESERVE,
      1,
      this.prefix + key,
      limit.requests,
      limit.perMs,
      maxWaitMs,
      randomUUID(),
    )) as [number, number];
    return reserved === 1 ? { waitMs } : { retryAfterMs: waitMs };
  }
}

/** The same window in this process only: for a single process (tests, Test connection on the server). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, number[]>();

  async reserve(
    key: string,
    limit: { requests: number; perMs: number },
    maxWaitMs: number,
  ): Promise<{ waitMs: number } | { retryAfterMs: number }> {
    const now = Date.now();
    const starts = (this.windows.get(key) ?? []).filter((t) => t > now - limit.perMs);
    let slot = Math.max(now, starts[starts.length - 1] ?? now);
    const nth = starts[starts.length - limit.requests];
    if (nth !== undefined) slot = Math.max(slot, nth + limit.perMs);
    this.windows.set(key, starts);
    if (slot - now > maxWaitMs) return { retryAfterMs: slot - now };
    starts.push(slot);
    return { waitMs: slot - now };
  }
}
