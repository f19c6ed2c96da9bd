// OAuth access tokens are refreshed before they expire, by whichever process needs one first, and
// only once per connection across every process (RedisTokenRefresher from @bizosaas/nodes: a Redis
// lock around read → refresh → store; the others wait and read the new tokens). Here: where the
// tokens live for the server (the connection's secret in OpenBao, the expiry also on the row), and
// a refusal (`invalid_grant`: the user revoked the app, the grant expired) marks the connection as
// needing attention and tells the admins.
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import { NodeError, type OAuth2Tokens, type OutboundPolicy } from '@bizosaas/nodes';
import {
  RedisTokenRefresher,
  refreshOAuth2Tokens,
  type OAuthStandIn,
  type TokenRefresher,
  type TokenStore,
} from '@bizosaas/nodes/executors';
import { ConnectionEntity, type Connection } from '../db/entities.js';
import { AppError } from '../errors.js';
import { connectionSecretPath, type SecretStore } from '../secrets/vault.js';
import { markNeedsAttention, type HealthDeps } from '../connections/health.js';
import type { ConnectionTypes } from '../connections/connection-types.js';

/** The sweep refreshes this long ahead, so a run rarely has to refresh on its way out. */
export const SWEEP_MARGIN_MS = 5 * 60_000;

export type StoredSecret = Record<string, unknown> & { method?: string; oauth2?: OAuth2Tokens };

/** `<tenant>/<connection>`: the ConnectionRuntime key, which the connector client prefixes. */
export const connectionKey = (tenantId: string, connectionId: string) =>
  `${tenantId}/${connectionId}`;

function parseKey(key: string): { tenantId: string; connectionId: string } {
  const match = /([\w-]+)\/([\w-]+)$/.exec(key);
  if (!match) throw new Error('not a connection key');
  return { tenantId: match[1]!, connectionId: match[2]! };
}

/** The tokens inside the connection's secret, and their expiry on its row for the sweep. */
export function openBaoTokenStore(deps: { secrets: SecretStore; orm: MikroORM }): TokenStore {
  return {
    async read(key) {
      const { tenantId, connectionId } = parseKey(key);
      const secret = await deps.secrets.read<StoredSecret>(
        connectionSecretPath(tenantId, connectionId),
      );
      return secret?.oauth2;
    },
    async write(key, tokens) {
      const { tenantId, connectionId } = parseKey(key);
      const path = connectionSecretPath(tenantId, connectionId);
      const secret = await deps.secrets.read<StoredSecret>(path);
      // A connection deleted meanwhile stays deleted.
      if (!secret) return;
      await deps.secrets.write(path, { ...secret, oauth2: tokens });
      await deps.orm.em
        .fork()
        .nativeUpdate(
          ConnectionEntity,
          { id: connectionId, tenantId },
          { tokenExpiresAt: tokens.expiresAt ? new Date(tokens.expiresAt) : null },
        );
    },
  };
}

export function tokenRefresher(deps: {
  redis: Redis;
  secrets: SecretStore;
  orm: MikroORM;
}): TokenRefresher {
  return new RedisTokenRefresher(deps.redis, openBaoTokenStore(deps));
}

export interface RefreshDeps extends HealthDeps {
  secrets: SecretStore;
  types: ConnectionTypes;
  refresher: TokenRefresher;
  /** Stand-ins for vendors' authorization servers by connector id (CONNECTOR_OAUTH_URLS). */
  oauthUrls: Readonly<Record<string, OAuthStandIn>>;
}

/**
 * Refreshes the connection's access token if it expires within SWEEP_MARGIN_MS.
 * @returns whether it refreshed.
 * @throws AppError CONFLICT when the vendor refused (the connection is then marked).
 */
export async function refreshIfDue(
  em: EntityManager,
  deps: RefreshDeps,
  connection: Connection,
  outbound: OutboundPolicy,
  now = Date.now(),
): Promise<boolean> {
  const stored = await deps.secrets.read<StoredSecret>(
    connectionSecretPath(connection.tenantId, connection.id),
  );
  const tokens = stored?.oauth2;
  if (!stored || tokens?.expiresAt === undefined) return false;
  if (tokens.expiresAt - now > SWEEP_MARGIN_MS) {
    // A worker refreshed it (workers have no database): the row catches up, the sweep moves on.
    if (connection.tokenExpiresAt?.getTime() !== tokens.expiresAt)
      await em.nativeUpdate(
        ConnectionEntity,
        { id: connection.id, tenantId: connection.tenantId },
        { tokenExpiresAt: new Date(tokens.expiresAt) },
      );
    return false;
  }
  const type = deps.types.get(connection.type);
  if (!tokens.refreshToken) {
    // Usable until it expires; after that only connecting again helps, as a run would find out.
    if (tokens.expiresAt > now) return false;
    const message = `${type.title}'s access token expired and the connection has no refresh token: connect it again`;
    await markNeedsAttention(em, deps, connection, message);
    throw new AppError('CONFLICT', message);
  }
  const oauth2 = deps.types.method(
    type,
    stored.method ?? connection.authMethod ?? undefined,
  ).oauth2;
  if (!oauth2) return false;
  const endpoint = {
    url: deps.oauthUrls[connection.type]?.tokenUrl ?? oauth2.tokenUrl(stored as never),
    client: oauth2.client(stored as never),
    clientAuth: oauth2.clientAuth,
    outbound,
  };
  try {
    await deps.refresher.refresh(
      // As the connector client names it, so a run refreshing at the same moment shares the lock.
      `${connection.type}:${connectionKey(connection.tenantId, connection.id)}`,
      tokens,
      (stale) => refreshOAuth2Tokens(endpoint, stale),
    );
    return true;
  } catch (error) {
    if (error instanceof NodeError && error.code === 'AUTH_FAILED' && !error.retryable) {
      const message = `${type.title} no longer accepts this connection's grant (${error.message}): connect it again`;
      await markNeedsAttention(em, deps, connection, message);
      throw new AppError('CONFLICT', message);
    }
    throw error;
  }
}
