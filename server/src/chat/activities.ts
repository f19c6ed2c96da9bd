// The chat's platform activities, on the server-hosted platform worker: a turn's workflow
// appends its transcript here (PostgreSQL) and open chat pages hear of it at once (live events,
// as for runs: the notice names the turn, the page reads the transcript through the API).
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ChatPlatformActivities, LiveEvents } from '@bizosaas/runtime';
import { closeTurn, insertMessages } from './store.js';

export function createChatActivities(deps: {
  orm: MikroORM;
  liveEvents: LiveEvents;
}): ChatPlatformActivities {
  return {
    async appendChatMessages(input) {
      await insertMessages(
        deps.orm.em.fork(),
        input.tenantId,
        input.conversationId,
        input.turnId,
        input.messages,
      );
      deps.liveEvents.publish(input.tenantId, { topic: 'run', runId: input.turnId });
    },
    async finishChatTurn(input) {
      await closeTurn(deps.orm.em.fork(), input.tenantId, input.turnId, input.status);
      deps.liveEvents.publish(input.tenantId, { topic: 'run', runId: input.turnId });
    },
  };
}
