// The decision log's platform activity: runs write each agent step through the server's platform
// worker, which has the database (flow workers have none).
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AgentPlatformActivities, LiveEvents } from '@bizosaas/runtime';
import { recordDecision } from './decision-log.js';

export function createAgentDecisionActivities(deps: {
  orm: MikroORM;
  liveEvents: LiveEvents;
}): AgentPlatformActivities {
  return {
    async recordAgentDecisions(rows) {
      const em = deps.orm.em.fork();
      for (const row of rows) await recordDecision(em, row);
      // An open run page shows the new steps.
      const last = rows.at(-1);
      if (last) deps.liveEvents.publish(last.tenantId, { topic: 'run', runId: last.runId });
    },
  };
}
