// "Test connection" on the server: the connector's own test request, sent by the same connector
// HTTP client the worker uses (SSRF guard on, the connection's allowed hosts only), with the
// server's single-flight token refresher and "needs attention" marking behind it.
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  standInsFor,
  testConnection,
  type ConnectorExecutorOptions,
  type TokenRefresher,
} from '@bizosaas/nodes/executors';
import type { Notifier } from '../notifications/notifier.js';
import { connectionKey } from '../oauth/refresh.js';
import type { ConnectionTestRunner } from './service.js';
import { markNeedsAttention } from './health.js';

export function connectionTestRunner(deps: {
  orm: MikroORM;
  notifier: Notifier;
  publicUrl: string;
  refresher: TokenRefresher;
  standIns: ConnectorExecutorOptions;
}): ConnectionTestRunner {
  return ({ connection, type, credentials, outbound }) =>
    testConnection(type.connector, credentials, {
      outbound,
      ...standInsFor(deps.standIns, type.connector.id),
      runtime: {
        key: connectionKey(connection.tenantId, connection.id),
        tokens: deps.refresher,
        markNeedsAttention: (reason) =>
          markNeedsAttention(deps.orm.em.fork(), deps, connection, reason),
      },
    });
}
