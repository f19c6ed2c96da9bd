// Live notices: "this run moved", "the approvals changed", published on Redis so open editors
// refresh at once instead of polling hard. They carry ids only, never data: the editor then reads
// through the API, which checks who is asking. Best effort by design: a lost notice delays a
// refresh until the editor's slow fallback poll, it never fails the work that sent it.
//
// The one exception is a chat answer as the model writes it: its text is the point. A conversation
// is its member's own, so that text goes to the conversation's own channel, which the server lets
// only that member follow (server/src/live), never to the tenant's channel every member hears.
import { Redis } from 'ioredis';

export type LiveEvent = { topic: 'run'; runId: string } | { topic: 'approvals' };

/**
 * A chat answer so far: the whole text of one model call (`step`) of a turn up to now, so a page
 * that joins late or misses one still shows it all. The step's transcript line replaces it.
 */
export interface ChatPartial {
  topic: 'partial';
  turnId: string;
  step: number;
  /** The persona writing (its catalog key). */
  persona: string;
  text: string;
}

/** One channel per tenant: a subscriber only ever hears its own tenant. */
export const liveEventsChannel = (tenantId: string) => `bizosaas:live:${tenantId}`;

/** One channel per conversation, for its answers as they are written. */
export const liveChatChannel = (tenantId: string, conversationId: string) =>
  `bizosaas:live:${tenantId}:chat:${conversationId}`;

export interface LiveEvents {
  publish(tenantId: string, event: LiveEvent): void;
  publishChat(tenantId: string, conversationId: string, event: ChatPartial): void;
  close(): Promise<void>;
}

export function redisLiveEvents(redisUrl: string): LiveEvents {
  // No offline queue: while Redis is away a publish fails at once instead of piling up.
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined); // it reconnects by itself
  const send = (channel: string, event: unknown) =>
    void redis.publish(channel, JSON.stringify(event)).catch(() => undefined);
  return {
    publish(tenantId, event) {
      send(liveEventsChannel(tenantId), event);
    },
    publishChat(tenantId, conversationId, event) {
      send(liveChatChannel(tenantId, conversationId), event);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
