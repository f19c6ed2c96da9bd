import type { Redis } from 'ioredis';
import type { CursorStore } from './executors.js';

/** How many seen ids a polling trigger remembers: far more than one poll returns. */
const SEEN_KEPT = 10_000;

/** Polling cursors in Redis (append-only with fsync on the stack, so they survive a restart). */
export class RedisCursorStore implements CursorStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'bizosaas:poll:',
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(`${this.prefix}${key}:cursor`)) ?? undefined;
  }

  async set(key: string, cursor: string): Promise<void> {
    await this.redis.set(`${this.prefix}${key}:cursor`, cursor);
  }

  async unseen(key: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const scores = await this.redis.zmscore(`${this.prefix}${key}:seen`, ...ids);
    return ids.filter((_, i) => scores[i] === null);
  }

  /** Forgets a trigger's cursor and seen ids (its flow no longer polls). */
  async clear(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}${key}:cursor`, `${this.prefix}${key}:seen`);
  }

  async markSeen(key: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const seen = `${this.prefix}${key}:seen`;
    const now = Date.now();
    await this.redis
      .multi()
      .zadd(seen, ...ids.flatMap((id) => [now, id]))
      .zremrangebyrank(seen, 0, -SEEN_KEPT - 1)
      .exec();
  }
}
