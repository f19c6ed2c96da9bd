// Connections of a tenant: created from a connection type's form, the whole form written to
// OpenBao (what the worker reads), the non-secret fields also kept in PostgreSQL for display with
// the type, auth method, status, scopes, last test and last error. Secret values never come back.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from 'ioredis';
import type { OutboundPolicy } from '@bizosaas/nodes';
import { ConnectionEntity, type Connection } from '../db/entities.js';
import { AppError, describeZodError } from '../errors.js';
import { connectionSecretPath } from '../secrets/vault.js';
import { outboundPolicyOf, settingsFor } from '../tenants/settings.js';
import { audit } from '../services/audit.js';
import type { Scope as ServiceScope } from '../services/scope.js';
import type { RefreshDeps, StoredSecret } from '../oauth/refresh.js';
import { markNeedsAttention } from './health.js';
import {
  formSchema,
  secretFields,
  type ConnectionMethod,
  type ConnectionType,
  type ConnectionTypes,
} from './connection-types.js';

/**
 * Runs a connector's test request through the connector HTTP client (SSRF guard, the connection's
 * allowed hosts, auth): `testConnection` from @bizosaas/nodes/executors.
 */
export type ConnectionTestRunner = (args: {
  connection: Connection;
  type: ConnectionType & { connector: NonNullable<ConnectionType['connector']> };
  credentials: StoredSecret;
  outbound: OutboundPolicy;
}) => Promise<{ ok: true } | { ok: false; code: string; message: string }>;

export interface ConnectionDeps extends RefreshDeps {
  redis: Redis;
  runTest: ConnectionTestRunner;
  /** Stand-ins for vendors' APIs by connector id (CONNECTOR_BASE_URLS). */
  baseUrls: Readonly<Record<string, string>>;
}

/** A service scope without the services: the OAuth callback acts for a grant, not a request. */
export type Scope = Omit<ServiceScope, 'services'>;

export function connectionView(c: Connection) {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    authMethod: c.authMethod,
    status: c.status,
    scopes: c.scopes,
    /** The form's non-secret fields. */
    config: c.config,
    /** Names of the secret fields that are set (their values are never shown). */
    secretKeys: c.secretKeys,
    lastTestedAt: c.lastTestedAt,
    lastTestError: c.lastTestError,
    lastError: c.lastError,
    lastErrorAt: c.lastErrorAt,
    tokenExpiresAt: c.tokenExpiresAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
export type ConnectionView = ReturnType<typeof connectionView>;

/** Every connection type with its forms, node types and the tenant's connections of it. */
export async function catalog(scope: Scope, types: ConnectionTypes) {
  const rows = await scope.em.find(
    ConnectionEntity,
    { tenantId: scope.tenantId },
    { orderBy: { name: 'asc' } },
  );
  return types.list().map((type) => ({
    id: type.id,
    title: type.title,
    description: type.description,
    category: type.category,
    icon: type.icon,
    docsUrl: type.docsUrl ?? null,
    methods: type.methods.map((method) => ({
      id: method.id,
      title: method.title,
      kind: method.kind,
      form: formSchema(types, type, method),
      secretFields: secretFields(method.credentials),
      /** For OAuth2: whether the platform has its own app, so the form asks for no client. */
      platformApp: method.kind === 'oauth2' ? types.platformClient(type.id) !== undefined : null,
      scopes: method.oauth2?.scopes ?? [],
    })),
    operations: (type.connector?.operations ?? []).map((op) => ({
      type: `${type.id}.${op.id}`,
      title: op.title,
      description: op.description,
    })),
    triggers: (type.connector?.triggers ?? []).map((t) => ({
      type: `${type.id}.${t.id}`,
      title: t.title,
      description: t.description,
      kind: t.kind,
    })),
    testable: type.connector !== undefined,
    connections: rows.filter((row) => row.type === type.id).map(connectionView),
  }));
}

export async function loadConnection(scope: Scope, connectionId: string): Promise<Connection> {
  const found = await scope.em.findOne(ConnectionEntity, {
    id: connectionId,
    tenantId: scope.tenantId,
  });
  if (!found) throw new AppError('NOT_FOUND', 'no such connection');
  return found;
}

export async function ensureNameFree(scope: Scope, name: string, except?: string) {
  const count = await scope.em.count(ConnectionEntity, {
    tenantId: scope.tenantId,
    name,
    ...(except ? { id: { $ne: except } } : {}),
  });
  if (count) throw new AppError('CONFLICT', `a connection named "${name}" exists`);
}

/**
 * The form's values checked against the method's credential schema; for OAuth2 the platform's
 * app fills in the client when one is configured.
 */
export function checkCredentials(
  types: ConnectionTypes,
  type: ConnectionType,
  method: ConnectionMethod,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const platform = method.kind === 'oauth2' ? types.platformClient(type.id) : undefined;
  const filled = platform
    ? { ...values, clientId: platform.id, clientSecret: platform.secret }
    : values;
  const parsed = method.credentials.strict().safeParse(filled);
  if (!parsed.success)
    throw new AppError('BAD_REQUEST', `${type.title}: ${describeZodError(parsed.error)}`);
  return parsed.data as Record<string, unknown>;
}

/**
 * What PostgreSQL keeps of the form: the non-secret fields, and the names of the secret ones. The
 * platform's OAuth app is not the connection's to show.
 */
export function visibleParts(
  types: ConnectionTypes,
  type: ConnectionType,
  method: ConnectionMethod,
  fields: Record<string, unknown>,
) {
  const secret = new Set(secretFields(method.credentials));
  const platform = method.kind === 'oauth2' && types.platformClient(type.id) !== undefined;
  const config: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || (platform && (key === 'clientId' || key === 'clientSecret')))
      continue;
    if (secret.has(key)) secretKeys.push(key);
    else config[key] = value;
  }
  return { config, secretKeys: secretKeys.sort() };
}

export async function createConnection(
  scope: Scope,
  deps: ConnectionDeps,
  input: { name: string; type: string; method?: string; credentials: Record<string, unknown> },
): Promise<ConnectionView> {
  const type = deps.types.get(input.type);
  const method = deps.types.method(type, input.method);
  if (method.kind === 'oauth2')
    throw new AppError('BAD_REQUEST', `${method.title} connects through the provider: use Connect`);
  const fields = checkCredentials(deps.types, type, method, input.credentials);
  await ensureNameFree(scope, input.name);
  const now = new Date();
  const row: Connection = {
    id: randomUUID(),
    tenantId: scope.tenantId,
    name: input.name,
    type: type.id,
    authMethod: method.id,
    status: 'untested',
    scopes: [],
    ...visibleParts(deps.types, type, method, fields),
    lastTestedAt: null,
    lastTestError: null,
    lastError: null,
    lastErrorAt: null,
    tokenExpiresAt: null,
    createdBy: scope.userId,
    createdAt: now,
    updatedAt: now,
  };
  // Secret first: a row never points at a secret that was not written.
  await deps.secrets.write(
    connectionSecretPath(scope.tenantId, row.id),
    type.secretOf(method.id, fields),
  );
  await scope.em.transactional(async (tx) => {
    await tx.insert(ConnectionEntity, row);
    await audit(
      scope,
      {
        action: 'connection.created',
        targetType: 'connection',
        targetId: row.id,
        data: { name: row.name, type: row.type, method: method.id, secretKeys: row.secretKeys },
      },
      tx,
    );
  });
  return connectionView(row);
}

/**
 * Renames a connection or changes some of its fields: fields left out keep their stored values
 * (secret ones included), the rest is checked against the form again.
 */
export async function updateConnection(
  scope: Scope,
  deps: ConnectionDeps,
  input: { connectionId: string; name?: string; credentials?: Record<string, unknown> },
): Promise<ConnectionView> {
  const current = await loadConnection(scope, input.connectionId);
  if (input.name) await ensureNameFree(scope, input.name, current.id);
  const changes: Partial<Connection> = { updatedAt: new Date() };
  if (input.name) changes.name = input.name;
  if (input.credentials && Object.keys(input.credentials).length > 0) {
    const type = deps.types.get(current.type);
    const method = deps.types.method(type, current.authMethod ?? undefined);
    const path = connectionSecretPath(scope.tenantId, current.id);
    const stored = (await deps.secrets.read<StoredSecret>(path)) ?? {};
    const formKeys = Object.keys(method.credentials.shape);
    const before = Object.fromEntries(
      formKeys.flatMap((k) => (k in stored ? [[k, stored[k]]] : [])),
    );
    const fields = checkCredentials(deps.types, type, method, { ...before, ...input.credentials });
    // OAuth tokens stay: the grant is the same whatever the form's other fields say.
    await deps.secrets.write(path, {
      ...type.secretOf(method.id, fields),
      ...(stored.oauth2 ? { oauth2: stored.oauth2 } : {}),
    });
    Object.assign(changes, visibleParts(deps.types, type, method, fields), { status: 'untested' });
  }
  await scope.em.transactional(async (tx) => {
    await tx.nativeUpdate(ConnectionEntity, { id: current.id, tenantId: scope.tenantId }, changes);
    await audit(
      scope,
      {
        action: 'connection.updated',
        targetType: 'connection',
        targetId: current.id,
        data: {
          fields: [
            ...(input.name ? ['name'] : []),
            ...Object.keys(input.credentials ?? {}).map((k) => `credentials.${k}`),
          ],
        },
      },
      tx,
    );
  });
  return connectionView({ ...current, ...changes });
}

export async function deleteConnection(scope: Scope, deps: ConnectionDeps, connectionId: string) {
  const current = await loadConnection(scope, connectionId);
  const { notifications } = await settingsFor(scope.em, scope.tenantId);
  if (notifications.slackConnectionId === current.id)
    throw new AppError(
      'CONFLICT',
      'approval notifications post through this connection: choose another one in Settings first',
    );
  await scope.em.transactional(async (tx) => {
    await tx.nativeDelete(ConnectionEntity, { id: current.id, tenantId: scope.tenantId });
    await audit(
      scope,
      {
        action: 'connection.deleted',
        targetType: 'connection',
        targetId: current.id,
        data: { name: current.name, type: current.type },
      },
      tx,
    );
  });
  await deps.secrets.remove(connectionSecretPath(scope.tenantId, current.id));
}

export interface TestResult {
  ok: boolean;
  /** What the vendor said, or why the test could not run. */
  error: string | null;
  /** The vendor refused the credentials (401/403 or its own "invalid auth"). */
  refused: boolean;
  testedAt: Date;
}

/**
 * Runs the connector's test request through the connector HTTP client, with the connection's
 * stored credentials. A type without a test request
 * (the platform's own) only checks that its secret is stored.
 */
export async function testConnection(
  scope: Scope,
  deps: ConnectionDeps,
  connectionId: string,
): Promise<TestResult> {
  const current = await loadConnection(scope, connectionId);
  const type = deps.types.get(current.type);
  const outbound = await outboundPolicyOf(scope.em, scope.tenantId);
  let error: string | null = null;
  let refused = false;
  try {
    // The connector client refreshes an expiring OAuth token itself, through deps.refresher.
    const credentials = await deps.secrets.read<StoredSecret>(
      connectionSecretPath(scope.tenantId, current.id),
    );
    if (!credentials) throw new Error('no credentials are stored for this connection');
    const connector = type.connector;
    if (connector) {
      const result = await deps.runTest({
        connection: current,
        type: { ...type, connector },
        credentials,
        outbound,
      });
      if (!result.ok) {
        refused = result.code === 'AUTH_FAILED';
        error = refused
          ? `${type.title} refused the credentials: ${result.message}`
          : result.message;
      }
    }
  } catch (failure) {
    error = (failure as Error).message;
  }
  const testedAt = new Date();
  const ok = error === null;
  if (refused) await markNeedsAttention(scope.em, deps, current, error!, testedAt);
  await scope.em.transactional(async (tx) => {
    await tx.nativeUpdate(
      ConnectionEntity,
      { id: current.id, tenantId: scope.tenantId },
      ok
        ? { status: 'ok', lastTestedAt: testedAt, lastTestError: null }
        : {
            status: 'needs_attention',
            lastTestedAt: testedAt,
            lastTestError: error,
            lastError: error,
            lastErrorAt: testedAt,
          },
    );
    await audit(
      scope,
      {
        action: 'connection.tested',
        targetType: 'connection',
        targetId: current.id,
        data: { ok, refused },
      },
      tx,
    );
  });
  return { ok, error, refused, testedAt };
}

export const CredentialValuesSchema = z
  .record(
    z.string().regex(/^[A-Za-z][\w-]{0,63}$/, 'field names: letters, digits, _ or -'),
    z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]),
  )
  .refine((values) => Object.keys(values).length <= 30, { message: 'at most 30 fields' });
