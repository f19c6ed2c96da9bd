// Builds the services and the Express app of one server process. main.ts runs it; tests open one
// in-process against the test stack.
import { Redis } from 'ioredis';
import type { Config } from '@bizosaas/shared/config';
import type { NodeCatalog } from '@bizosaas/shared';
import { builtinCatalog, builtinConnectors, type Connector } from '@bizosaas/nodes';
import { CONNECTION_ATTENTION_STREAM } from '@bizosaas/nodes/executors';
import { redisLiveEvents } from '@bizosaas/runtime';
import { createApp } from './app.js';
import { openOrm } from './db/orm.js';
import { healthChecks } from './health.js';
import { createMetrics } from './http/metrics.js';
import { createLogger, type Logger } from './logger.js';
import { openTemporalGateway } from './runs/temporal-gateway.js';
import { limitRunStarts } from './runs/start-limit.js';
import { workerPresence } from './runs/worker-presence.js';
import { openSecretStore } from './secrets/vault.js';
import type { Services } from './services.js';
import { runContextOf } from './runs/run-context.js';
import { createIngress } from './webhooks/ingress.js';
import { openApprovalEngine } from './approvals/engine.js';
import { startPlatformWorker } from './approvals/platform-worker.js';
import { createNotifier } from './notifications/notifier.js';
import { slackWebhooks } from './notifications/slack-webhooks.js';
import { createLiveStream } from './live/live-stream.js';
import { connectionTypes } from './connections/connection-types.js';
import { connectionTestRunner } from './connections/test-runner.js';
import { tokenRefresher } from './oauth/refresh.js';
import { startTokenSweep } from './oauth/sweep.js';
import { startAttentionConsumer } from './connections/attention-stream.js';
import { createTriggerPollActivities } from './services/trigger-polls.js';
import { openChatEngine } from './chat/engine.js';

export interface ServerOptions {
  logger?: Logger;
  catalog?: NodeCatalog;
  /** Consume the webhook ingress queue in this process (default true). */
  ingressWorker?: boolean;
  /**
   * Host the platform worker (approval activities on TEMPORAL_PLATFORM_TASK_QUEUE) and deliver
   * queued notifications in this process (default true).
   */
  platformWorker?: boolean;
  /** Name of the notifications queue; tests give each server its own. */
  notificationQueue?: string;
  /** Name of the webhook ingress queue; tests give each server its own. */
  ingressQueue?: string;
  /** The built editor to serve (default editor/dist); browser tests build their own. */
  editorDir?: string;
  /** How often an open live-events stream checks that its session still holds (default 20 s). */
  liveRecheckMs?: number;
  /** The connectors tenants may connect (default: every built-in one); tests add their own. */
  connectors?: readonly Connector[];
  /** Where workers report refused credentials (default CONNECTION_ATTENTION_STREAM); tests use their own. */
  connectionAttentionStream?: string;
}

export async function openServer(config: Config, options: ServerOptions = {}) {
  const logger = options.logger ?? createLogger(config);
  const orm = await openOrm(config);
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', (error) => logger.warn({ err: error.message }, 'redis connection problem'));
  const runs = limitRunStarts(
    await openTemporalGateway(config, (tenantId, definition, outbound) =>
      runContextOf(orm.em, tenantId, definition, outbound),
    ),
    redis,
    config.RUN_STARTS_PER_TENANT_PER_SECOND,
  );
  const metrics = createMetrics();
  const base = {
    config,
    orm,
    redis,
    logger,
    metrics,
    runs,
    workers: workerPresence(config),
    secrets: openSecretStore(config),
    catalog: options.catalog ?? builtinCatalog(),
  };
  const ingress = createIngress(base, options.ingressQueue);
  const notifier = createNotifier({
    redisUrl: config.REDIS_URL,
    ...(config.SMTP_URL ? { smtpUrl: config.SMTP_URL } : {}),
    from: config.SMTP_FROM,
    slackWebhook: slackWebhooks(base),
    logger,
    ...(options.notificationQueue ? { queueName: options.notificationQueue } : {}),
  });
  const approvals = await openApprovalEngine(config);
  const chat = await openChatEngine(config);
  const liveEvents = redisLiveEvents(config.REDIS_URL);
  const live = createLiveStream({
    redisUrl: config.REDIS_URL,
    orm,
    logger,
    ...(options.liveRecheckMs ? { recheckMs: options.liveRecheckMs } : {}),
  });
  const publicUrl = (
    config.PUBLIC_URL ?? `http://${config.SERVER_HOST}:${config.SERVER_PORT}`
  ).replace(/\/$/, '');
  const refresher = tokenRefresher({ redis, secrets: base.secrets, orm });
  const connections = {
    types: connectionTypes(options.connectors ?? builtinConnectors, config),
    redis,
    secrets: base.secrets,
    notifier,
    publicUrl,
    refresher,
    baseUrls: config.CONNECTOR_BASE_URLS,
    oauthUrls: config.CONNECTOR_OAUTH_URLS,
    runTest: connectionTestRunner({
      orm,
      notifier,
      publicUrl,
      refresher,
      standIns: { baseUrls: config.CONNECTOR_BASE_URLS, oauthUrls: config.CONNECTOR_OAUTH_URLS },
    }),
  };
  const services: Services = {
    ...base,
    ingress,
    approvals,
    notifier,
    liveEvents,
    connections,
    chat,
  };
  if (options.ingressWorker ?? true) ingress.startWorker();
  let platform: Awaited<ReturnType<typeof startPlatformWorker>> | undefined;
  let tokenSweep: ReturnType<typeof startTokenSweep> | undefined;
  let attention: ReturnType<typeof startAttentionConsumer> | undefined;
  if (options.platformWorker ?? true) {
    notifier.startWorker();
    tokenSweep = startTokenSweep(orm, connections, logger);
    attention = startAttentionConsumer({
      redisUrl: config.REDIS_URL,
      stream: options.connectionAttentionStream ?? CONNECTION_ATTENTION_STREAM,
      orm,
      health: connections,
      logger,
    });
    platform = await startPlatformWorker({
      config,
      orm,
      notifier,
      liveEvents,
      logger,
      activities: { ...createTriggerPollActivities(services) },
    });
  }

  metrics.sources.queueDepth = () => ingress.depth();
  metrics.sources.approvalBacklog = async () => {
    // Before migrations ran the table may not exist yet: the backlog is then 0.
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

  const app = createApp({
    health: healthChecks({ config, orm, redis }),
    services,
    live,
    editorDir: options.editorDir,
  });
  return {
    app,
    services,
    live,
    async close() {
      await ingress.close();
      await tokenSweep?.close();
      await attention?.close();
      await platform?.close();
      await notifier.close();
      await live.close();
      await Promise.allSettled([
        orm.close(),
        redis.quit(),
        runs.close(),
        base.workers.close(),
        approvals.close(),
        chat.close(),
        liveEvents.close(),
      ]);
    },
  };
}
