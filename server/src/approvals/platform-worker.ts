// The platform worker: a Temporal worker hosted by the server process on its own task queue
// (TEMPORAL_PLATFORM_TASK_QUEUE), running activities that need PostgreSQL or the notifier — the
// approval tasks. Flow workers stay free of database credentials; runs reach the platform only
// through these activities.
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '@bizosaas/shared/config';
import { dataConverterFromConfig } from '@bizosaas/runtime';
import { createChatActivities } from '../chat/activities.js';
import { createAgentDecisionActivities } from '../agents/activities.js';
import { createPlatformActivities, type PlatformDeps } from './activities.js';

export async function startPlatformWorker(
  deps: PlatformDeps & {
    config: Config;
    /** Further activities the server hosts here (a polling trigger's poll). */
    activities?: Record<string, (...args: never[]) => Promise<unknown>>;
  },
) {
  const { config } = deps;
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_PLATFORM_TASK_QUEUE,
    activities: {
      ...createPlatformActivities(deps),
      ...createChatActivities(deps),
      ...createAgentDecisionActivities(deps),
      ...deps.activities,
    },
    dataConverter: dataConverterFromConfig(config),
    shutdownGraceTime: '10s',
  });
  const running = worker.run();
  running.catch((error: Error) =>
    deps.logger.error({ err: error.message }, 'platform worker stopped'),
  );
  return {
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}
