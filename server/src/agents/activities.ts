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
    async recordAgentDecision(row) {
      await recordDecision(deps.orm.em.fork(), row);
      // An open run page shows the new step.
      deps.liveEvents.publish(row.tenantId, { topic: 'run', runId: row.runId });
    },
  };
}
