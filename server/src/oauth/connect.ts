// "Connect" for OAuth2 connection types: the authorization-code grant (RFC 6749 §4.1) with PKCE
// (RFC 7636, S256) where the vendor supports it. `startAuthorization` returns the provider's
// authorize URL; the provider sends the browser back to PUBLIC_URL/oauth/callback, where
// `completeAuthorization` checks the state (single use, ten minutes, same session and tenant),
// exchanges the code and only then writes anything: the tokens to OpenBao, the row to PostgreSQL.
import { randomUUID } from 'node:crypto';
import { ConnectionEntity, type Connection } from '../db/entities.js';
import { AppError } from '../errors.js';
import { connectionSecretPath } from '../secrets/vault.js';
import { outboundPolicyOf } from '../tenants/settings.js';
import { audit } from '../services/audit.js';
import {
  checkCredentials,
  ensureNameFree,
  loadConnection,
  visibleParts,
  type ConnectionDeps,
  type Scope,
} from '../connections/service.js';
import type { StoredSecret } from './refresh.js';
import {
  pkceChallenge,
  randomValue,
  savePendingGrant,
  takePendingGrant,
} from './pending-grants.js';
import { NodeError } from '@bizosaas/nodes';
import { exchangeAuthorizationCode } from '@bizosaas/nodes/executors';

export const CALLBACK_PATH = '/oauth/callback';

/** A callback that cannot complete; its message is shown on the error page as is. */
export class CallbackError extends Error {
  override readonly name = 'CallbackError';
}

export interface StartInput {
  /** A new connection of this type and method, named `name`… */
  type?: string;
  method?: string;
  name?: string;
  /** …or an existing one connected again (a revoked grant, new scopes). */
  connectionId?: string;
  /** The form's other fields (the tenant's own client id and secret when the platform has none). */
  credentials: Record<string, unknown>;
}

export async function startAuthorization(
  scope: Scope & { sessionId: string | undefined },
  deps: ConnectionDeps,
  input: StartInput,
): Promise<{ authorizeUrl: string }> {
  if (!scope.sessionId)
    throw new AppError('FORBIDDEN', 'connecting through a provider needs a browser session');
  const existing = input.connectionId ? await loadConnection(scope, input.connectionId) : undefined;
  const typeId = existing?.type ?? input.type;
  if (!typeId) throw new AppError('BAD_REQUEST', 'name a connection type or a connection');
  const type = deps.types.get(typeId);
  const method = deps.types.method(type, existing?.authMethod ?? input.method);
  const oauth2 = method.oauth2;
  if (!oauth2)
    throw new AppError('BAD_REQUEST', `${method.title} does not connect through a provider`);
  const name = existing?.name ?? input.name;
  if (!name) throw new AppError('BAD_REQUEST', 'a new connection needs a name');
  if (!existing) await ensureNameFree(scope, name);
  let values = input.credentials;
  if (existing && Object.keys(values).length === 0) {
    // Reconnecting keeps the form as it was (the tenant's own app, a signing secret).
    const stored = await deps.secrets.read<StoredSecret>(
      connectionSecretPath(scope.tenantId, existing.id),
    );
    const keys = Object.keys(method.credentials.shape);
    values = Object.fromEntries(
      keys.flatMap((k) => (stored && k in stored ? [[k, stored[k]]] : [])),
    );
  }
  if (deps.types.platformClient(type.id)) {
    // The platform's app is filled in from configuration, never carried from a stored secret.
    const { clientId: _id, clientSecret: _secret, ...form } = values;
    values = form;
  }
  const credentials = checkCredentials(deps.types, type, method, values);
  const client = oauth2.client(credentials as never);
  const codeVerifier = oauth2.pkce ? randomValue() : undefined;
  const redirectUri = `${deps.publicUrl}${CALLBACK_PATH}`;
  const state = await savePendingGrant(deps.redis, {
    tenantId: scope.tenantId,
    userId: scope.userId,
    sessionId: scope.sessionId,
    type: type.id,
    method: method.id,
    ...(existing ? { connectionId: existing.id } : {}),
    name,
    // The form as typed: the platform's client secret is filled in again at the callback, so it
    // never waits in Redis.
    credentials: values,
    ...(codeVerifier ? { codeVerifier } : {}),
    redirectUri,
  });
  const url = new URL(
    deps.oauthUrls[type.id]?.authorizeUrl ?? oauth2.authorizeUrl(credentials as never),
  );
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.id);
  url.searchParams.set('redirect_uri', redirectUri);
  if (oauth2.scopes.length)
    url.searchParams.set('scope', oauth2.scopes.join(oauth2.scopeSeparator));
  url.searchParams.set('state', state);
  if (codeVerifier) {
    url.searchParams.set('code_challenge', pkceChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  for (const [key, value] of Object.entries(oauth2.authorizeParams ?? {}))
    url.searchParams.set(key, value);
  return { authorizeUrl: url.href };
}

/**
 * Completes a grant from the provider's redirect. `caller` is who the browser is signed in as.
 * @throws CallbackError with a message for the person, and nothing stored.
 */
export async function completeAuthorization(
  deps: ConnectionDeps & { em: Scope['em'] },
  caller: { sessionId?: string; tenantId: string | null; userId: string } | null,
  query: Record<string, unknown>,
): Promise<Connection> {
  const state = typeof query.state === 'string' ? query.state : '';
  const pending = await takePendingGrant(deps.redis, state);
  if (!pending)
    throw new CallbackError(
      'This sign-in is unknown, was already used or has expired. Nothing was connected: start again from Connections.',
    );
  if (
    !caller ||
    caller.sessionId !== pending.sessionId ||
    caller.tenantId !== pending.tenantId ||
    caller.userId !== pending.userId
  )
    throw new CallbackError(
      'This sign-in was started in another session or workspace. Nothing was connected: start again from Connections in this browser.',
    );
  if (typeof query.error === 'string')
    throw new CallbackError(
      `The provider did not grant access (${query.error.slice(0, 100)}${
        typeof query.error_description === 'string'
          ? `: ${query.error_description.slice(0, 300)}`
          : ''
      }). Nothing was connected.`,
    );
  if (typeof query.code !== 'string' || query.code === '')
    throw new CallbackError('The provider sent no authorization code. Nothing was connected.');

  const type = deps.types.get(pending.type);
  const method = deps.types.method(type, pending.method);
  const oauth2 = method.oauth2!;
  const fields = checkCredentials(deps.types, type, method, pending.credentials);
  const outbound = await outboundPolicyOf(deps.em, pending.tenantId);
  let tokens;
  try {
    tokens = await exchangeAuthorizationCode(
      {
        url: deps.oauthUrls[type.id]?.tokenUrl ?? oauth2.tokenUrl(fields as never),
        client: oauth2.client(fields as never),
        clientAuth: oauth2.clientAuth,
        outbound,
      },
      {
        code: query.code,
        redirectUri: pending.redirectUri,
        ...(pending.codeVerifier ? { codeVerifier: pending.codeVerifier } : {}),
      },
    );
  } catch (error) {
    throw new CallbackError(
      error instanceof NodeError && error.code === 'AUTH_FAILED'
        ? `${type.title} did not issue tokens: ${error.message}. Nothing was connected.`
        : `${type.title} could not be reached to finish connecting (${(error as Error).message}). Nothing was connected.`,
    );
  }

  const now = new Date();
  const connectionId = pending.connectionId ?? randomUUID();
  const scopes = (tokens.scope ?? oauth2.scopes.join(' ')).split(/[ ,]+/).filter(Boolean);
  const health: Partial<Connection> = {
    status: 'untested',
    scopes,
    lastError: null,
    lastErrorAt: null,
    tokenExpiresAt: tokens.expiresAt ? new Date(tokens.expiresAt) : null,
    updatedAt: now,
  };
  const scope: Scope = {
    em: deps.em,
    tenantId: pending.tenantId,
    userId: pending.userId,
    actor: { type: 'user', id: pending.userId },
  };
  let row: Connection;
  if (pending.connectionId) {
    row = { ...(await loadConnection(scope, pending.connectionId)), ...health };
  } else {
    // The name was free when Connect was pressed; someone may have taken it since.
    await ensureNameFree(scope, pending.name).catch(() => {
      throw new CallbackError(
        `A connection named "${pending.name}" was created meanwhile. Nothing was connected.`,
      );
    });
    row = {
      id: connectionId,
      tenantId: pending.tenantId,
      name: pending.name,
      type: type.id,
      authMethod: method.id,
      config: {},
      secretKeys: [],
      lastTestedAt: null,
      lastTestError: null,
      createdBy: pending.userId,
      createdAt: now,
      ...health,
    } as Connection;
  }
  const visible = visibleParts(deps.types, type, method, fields);
  row.config = visible.config;
  // `oauth2` lists the tokens among the secrets the connection holds.
  row.secretKeys = [...visible.secretKeys, 'oauth2'].sort();
  await deps.secrets.write(connectionSecretPath(row.tenantId, row.id), {
    ...type.secretOf(method.id, fields),
    oauth2: tokens,
  });
  await deps.em.transactional(async (tx) => {
    if (pending.connectionId)
      await tx.nativeUpdate(
        ConnectionEntity,
        { id: row.id, tenantId: row.tenantId },
        { ...health, config: row.config, secretKeys: row.secretKeys },
      );
    else await tx.insert(ConnectionEntity, row);
    await audit(
      scope,
      {
        action: 'connection.connected',
        targetType: 'connection',
        targetId: row.id,
        data: { name: row.name, type: row.type, method: method.id, scopes },
      },
      tx,
    );
  });
  return row;
}
