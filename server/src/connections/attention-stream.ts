// Workers have no database: when a vendor refuses a connection's credentials during a run (401,
// 403, a refused refresh), the worker appends `{ tenantId, connectionId, reason, at }` to a Redis
// stream. Server processes read it as one consumer group, so each report marks its connection as
// needing attention (and tells the admins) once, whichever server takes it.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import { ConnectionEntity } from '../db/entities.js';
import type { Logger } from '../logger.js';
import { markNeedsAttention, type HealthDeps } from './health.js';

export const ATTENTION_GROUP = 'bizosaas-server';
const BLOCK_MS = 2_000;
const STALE_MS = 60_000;

type Entries = [id: string, fields: string[]][];

export function startAttentionConsumer(deps: {
  redisUrl: string;
  stream: string;
  orm: MikroORM;
  health: HealthDeps;
  logger: Logger;
}) {
  const redis = new Redis(deps.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  let stopped = false;

  async function handle(id: string, fields: string[]) {
    const report: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) report[fields[i]!] = fields[i + 1]!;
    const { tenantId, connectionId, reason } = report;
    if (tenantId && connectionId && reason) {
      const em = deps.orm.em.fork();
      const connection = await em.findOne(
        ConnectionEntity,
        { id: connectionId, tenantId },
        { fields: ['id', 'tenantId', 'name'] },
      );
      // A connection deleted since needs no one's attention.
      if (connection)
        await markNeedsAttention(
          em,
          deps.health,
          connection,
          reason.slice(0, 1_000),
          new Date(report.at ?? Date.now()),
        );
    }
    await redis.xack(deps.stream, ATTENTION_GROUP, id);
  }

  const loop = (async () => {
    await redis
      .xgroup('CREATE', deps.stream, ATTENTION_GROUP, '0', 'MKSTREAM')
      .catch((error: Error) => {
        if (!error.message.includes('BUSYGROUP')) throw error;
      });
    while (!stopped) {
      try {
        const answer = (await redis.xreadgroup(
          'GROUP',
          ATTENTION_GROUP,
          consumer,
          'COUNT',
          50,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          deps.stream,
          '>',
        )) as [stream: string, entries: Entries][] | null;
        const entries = answer?.[0]?.[1] ?? [];
        for (const [id, fields] of entries) await handle(id, fields);
        if (entries.length === 0) {
          // Reports a server took and never acknowledged (it died, or PostgreSQL was away).
          const [, stale] = (await redis.xautoclaim(
            deps.stream,
            ATTENTION_GROUP,
            consumer,
            STALE_MS,
            '0-0',
            'COUNT',
            50,
          )) as [next: string, entries: Entries];
          for (const [id, fields] of stale) await handle(id, fields);
        }
      } catch (error) {
        if (stopped) return;
        deps.logger.warn(
          { err: (error as Error).message },
          'connection attention reports not read',
        );
        await new Promise((resolve) => setTimeout(resolve, BLOCK_MS));
      }
    }
  })();

  return {
    async close() {
      stopped = true;
      // Ends a blocked read at once instead of waiting out BLOCK_MS.
      redis.disconnect();
      await loop.catch(() => {});
    },
  };
}
