// Keeps OAuth grants alive and finds revoked ones without waiting for a run to fail: every minute,
// the connections whose access token expires within the refresh margin are refreshed (through the
// single-flight refresher, so several server processes sweeping at once refresh each one once).
import type { MikroORM } from '@mikro-orm/postgresql';
import { ConnectionEntity } from '../db/entities.js';
import type { Logger } from '../logger.js';
import { outboundPolicyOf } from '../tenants/settings.js';
import { refreshIfDue, SWEEP_MARGIN_MS, type RefreshDeps } from './refresh.js';

export const SWEEP_INTERVAL_MS = 60_000;

/** One pass; resolves with how many connections it refreshed and how many it could not. */
export async function sweepDueTokens(
  orm: MikroORM,
  deps: RefreshDeps,
  logger: Logger,
  now = Date.now(),
): Promise<{ refreshed: number; failed: number }> {
  const em = orm.em.fork();
  // Only the types this server can refresh: a connection of a type it does not know (a connector
  // since removed) would fail every minute and, soonest expiry first, crowd the others out.
  const oauthTypes = deps.types
    .list()
    .filter((type) => type.methods.some((method) => method.kind === 'oauth2'))
    .map((type) => type.id);
  const due = await em.find(
    ConnectionEntity,
    {
      type: { $in: oauthTypes },
      tokenExpiresAt: { $ne: null, $lte: new Date(now + SWEEP_MARGIN_MS) },
      status: { $ne: 'needs_attention' },
    },
    { limit: 500, orderBy: { tokenExpiresAt: 'asc' } },
  );
  let refreshed = 0;
  let failed = 0;
  for (const connection of due) {
    try {
      const outbound = await outboundPolicyOf(em, connection.tenantId);
      if (await refreshIfDue(em, deps, connection, outbound, now)) refreshed++;
    } catch (error) {
      failed++;
      logger.warn(
        {
          connectionId: connection.id,
          tenantId: connection.tenantId,
          err: (error as Error).message,
        },
        'OAuth token refresh failed',
      );
    }
  }
  return { refreshed, failed };
}

export function startTokenSweep(orm: MikroORM, deps: RefreshDeps, logger: Logger) {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= sweepDueTokens(orm, deps, logger)
      .catch((error: unknown) =>
        logger.warn({ err: (error as Error).message }, 'OAuth token sweep failed'),
      )
      .finally(() => {
        running = undefined;
      });
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
