// Builds the services and the Express app of one server process. main.ts runs it; tests open one
// in-process against the test stack.
import { Redis } from 'ioredis';
import type { Config } from '@bizosaas/shared/config';
import type { NodeCatalog } from '@bizosaas/shared';
import { builtinCatalog } from '@bizosaas/nodes';
import { createApp } from './app.js';
import { openOrm } from './db/orm.js';
import { healthChecks } from './health.js';
import { createMetrics } from './http/metrics.js';
import { createLogger, type Logger } from './logger.js';
import { openTemporalGateway } from './runs/temporal-gateway.js';
import { openSecretStore } from './secrets/vault.js';
import type { Services } from './services.js';
import { runContextOf } from './runs/run-context.js';
import { createIngress } from './webhooks/ingress.js';

export interface ServerOptions {
  logger?: Logger;
  catalog?: NodeCatalog;
  /** Consume the webhook ingress queue in this process (default true). */
  ingressWorker?: boolean;
}

export async function openServer(config: Config, options: ServerOptions = {}) {
  const logger = options.logger ?? createLogger(config);
  const orm = await openOrm(config);
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', (error) => logger.warn({ err: error.message }, 'redis connection problem'));
  const runs = await openTemporalGateway(config, (tenantId, definition) =>
    runContextOf(orm.em.fork(), tenantId, definition),
  );
  const metrics = createMetrics();
  const base = {
    config,
    orm,
    redis,
    logger,
    metrics,
    runs,
    secrets: openSecretStore(config),
    catalog: options.catalog ?? builtinCatalog(),
  };
  const ingress = createIngress(base);
  const services: Services = { ...base, ingress };
  if (options.ingressWorker ?? true) ingress.startWorker();

  metrics.sources.queueDepth = () => ingress.depth();
  metrics.sources.approvalBacklog = async () => {
    // Approval tasks arrive with the approvals issue; until their table exists the backlog is 0.
    const [row] = await orm.em
      .fork()
      .getConnection()
      .execute<{ n: string | null }[]>(
        `SELECT CASE WHEN to_regclass('approval_tasks') IS NULL THEN 0
                ELSE (SELECT count(*) FROM approval_tasks WHERE status = 'pending') END AS n`,
      );
    return Number(row?.n ?? 0);
  };
  metrics.sources.failedRuns = () => runs.countFailed();

  const app = createApp({ health: healthChecks({ config, orm, redis }), services });
  return {
    app,
    services,
    async close() {
      await ingress.close();
      await Promise.allSettled([orm.close(), redis.quit(), runs.close()]);
    },
  };
}
