// What request handlers depend on, built once per process (main.ts) or per test.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { Config } from '@bizosaas/shared/config';
import type { NodeCatalog } from '@bizosaas/shared';
import type { Logger } from './logger.js';
import type { Metrics } from './http/metrics.js';
import type { SecretStore } from './secrets/vault.js';
import type { RunGateway } from './runs/gateway.js';
import type { WorkerPresenceCheck } from './runs/worker-presence.js';
import type { Ingress } from './webhooks/ingress.js';
import type { ApprovalEngine } from './approvals/engine.js';
import type { Notifier } from './notifications/notifier.js';
import type { LiveEvents } from '@bizosaas/runtime';
import type { ConnectionDeps } from './connections/service.js';
import type { ChatEngine } from './chat/engine.js';

export interface Services {
  config: Config;
  orm: MikroORM;
  redis: Redis;
  secrets: SecretStore;
  logger: Logger;
  metrics: Metrics;
  /** The node types flows are validated and compiled against. */
  catalog: NodeCatalog;
  /** Starts, lists, inspects and cancels runs in Temporal. */
  runs: RunGateway;
  /** Whether a worker polls the flow task queue (cached for a few seconds). */
  workers: WorkerPresenceCheck;
  /** Webhook ingress queue: acknowledged calls become runs. */
  ingress: Ingress;
  /** Delivers approval decisions and delegations to waiting runs. */
  approvals: ApprovalEngine;
  /** Email and Slack notifications, queued in Redis. */
  notifier: Notifier;
  /** "This run moved" / "the approvals changed" notices for open editors (Redis pub/sub). */
  liveEvents: LiveEvents;
  /** Connection types, test requests, OAuth token refresh and "needs attention" notices. */
  connections: ConnectionDeps;
  /** Starts agent chat turns as workflows. */
  chat: ChatEngine;
}
