// Live notices: "this run moved", "the approvals changed", published on Redis so open editors
// refresh at once instead of polling hard. They carry ids only, never data: the editor then reads
// through the API, which checks who is asking. Best effort by design: a lost notice delays a
// refresh until the editor's slow fallback poll, it never fails the work that sent it.
import { Redis } from 'ioredis';

export type LiveEvent = { topic: 'run'; runId: string } | { topic: 'approvals' };

/** One channel per tenant: a subscriber only ever hears its own tenant. */
export const liveEventsChannel = (tenantId: string) => `bizosaas:live:${tenantId}`;

export interface LiveEvents {
  publish(tenantId: string, event: LiveEvent): void;
  close(): Promise<void>;
}

export function redisLiveEvents(redisUrl: string): LiveEvents {
  // No offline queue: while Redis is away a publish fails at once instead of piling up.
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined); // it reconnects by itself
  return {
    publish(tenantId, event) {
      redis.publish(liveEventsChannel(tenantId), JSON.stringify(event)).catch(() => undefined);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
