// Platform data only: tenants, people and who may do what where. Business data stays in the
// tenants' own systems. The issues that need more entities add them here, with a migration.
import { EntitySchema } from '@mikro-orm/core';
import type { Role } from '@bizosaas/shared';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  /** Parsed and defaulted by tenants/settings.ts. */
  settings: unknown;
  createdAt: Date;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  createdAt: Date;
}

export interface Membership {
  tenant: Tenant;
  user: User;
  role: Role;
  createdAt: Date;
}

export const TenantEntity = new EntitySchema<Tenant>({
  name: 'Tenant',
  tableName: 'tenants',
  properties: {
    id: { type: 'uuid', primary: true },
    slug: { type: 'string', unique: true },
    name: { type: 'string' },
    settings: { type: 'json', default: '{}' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  properties: {
    id: { type: 'uuid', primary: true },
    email: { type: 'string', unique: true },
    displayName: { type: 'string' },
    passwordHash: { type: 'string', hidden: true, lazy: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export const MembershipEntity = new EntitySchema<Membership>({
  name: 'Membership',
  tableName: 'memberships',
  properties: {
    tenant: { kind: 'm:1', entity: () => TenantEntity, primary: true },
    user: { kind: 'm:1', entity: () => UserEntity, primary: true },
    role: { type: 'string' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

// Entities added by the server issue. Tenant and user references are plain uuid columns rather
// than ORM relations: every query names its tenant explicitly, which keeps the scoping visible.

export interface Session {
  id: string;
  /** sha256 of the cookie value; the value itself is never stored. */
  tokenHash: string;
  userId: string;
  /** The tenant the session is working in; switched with `auth.switchTenant`. */
  tenantId: string | null;
  /** Synchronizer token for cookie-authenticated mutations (sent back in `x-csrf-token`). */
  csrfToken: string;
  userAgent: string;
  ip: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface ApiToken {
  id: string;
  tenantId: string;
  userId: string;
  name: string;
  /** sha256 of the token; the token is shown once, at creation. */
  tokenHash: string;
  /** First characters of the token, so a user can tell tokens apart. */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface Invite {
  id: string;
  tenantId: string;
  email: string;
  role: Role;
  tokenHash: string;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export interface Flow {
  id: string;
  tenantId: string;
  name: string;
  description: string;
  tags: string[];
  draft: unknown;
  /** Bumped by every save; a save that names an older revision is refused (optimistic concurrency). */
  revision: number;
  publishedVersion: number | null;
  /** Whether triggers (webhook, schedule) of the published version are live. */
  active: boolean;
  archivedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

export interface FlowVersion {
  id: string;
  tenantId: string;
  flowId: string;
  version: number;
  graph: unknown;
  definition: unknown;
  createdBy: string;
  createdAt: Date;
}

/** `needs_attention`: a test the vendor refused, or a grant it revoked; a person must act. */
export const CONNECTION_STATUSES = ['untested', 'ok', 'needs_attention'] as const;

export interface Connection {
  id: string;
  tenantId: string;
  name: string;
  type: string;
  status: (typeof CONNECTION_STATUSES)[number];
  scopes: string[];
  /** Non-secret settings (base URL, account id…); secret values live in OpenBao only. */
  config: Record<string, unknown>;
  /** Names of the secret fields held in OpenBao, so the editor can show which are set. */
  secretKeys: string[];
  /** Which of the type's auth methods (`bot_token`, `oauth2`…); null for older connections. */
  authMethod: string | null;
  lastTestedAt: Date | null;
  lastTestError: string | null;
  /** The last failure, whatever raised it: a test, a refused refresh, a revoked grant. */
  lastError: string | null;
  lastErrorAt: Date | null;
  /** When the OAuth access token expires (the token itself is in OpenBao only). */
  tokenExpiresAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A draft graph a test run ran, named by the sha256 of its canonical JSON. */
export interface FlowSnapshot {
  tenantId: string;
  flowId: string;
  hash: string;
  graph: unknown;
  createdAt: Date;
}

export interface AuditEvent {
  id: string;
  tenantId: string;
  actorType: 'user' | 'token' | 'webhook' | 'schedule' | 'system';
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  data: Record<string, unknown>;
  requestId: string | null;
  createdAt: Date;
}

export interface WebhookEndpoint {
  id: string;
  tenantId: string;
  flowId: string;
  path: string;
  method: string;
  /** `header`: the secret in `X-Webhook-Secret`; `hmac`: `X-Signature: sha256=<hex of HMAC(body)>`. */
  authMode: 'header' | 'hmac';
  /** `async` answers 202 with the run id; `sync` waits for the flow's result. */
  responseMode: 'async' | 'sync';
  timeoutMs: number;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const uuid = { type: 'uuid' } as const;
const nullableDate = { type: 'Date', nullable: true } as const;
const date = { type: 'Date' } as const;
const json = { type: 'json' } as const;

export const SessionEntity = new EntitySchema<Session>({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    id: { type: 'uuid', primary: true },
    tokenHash: { type: 'string' },
    userId: uuid,
    tenantId: { type: 'uuid', nullable: true },
    csrfToken: { type: 'string' },
    userAgent: { type: 'string' },
    ip: { type: 'string' },
    createdAt: date,
    lastSeenAt: date,
    expiresAt: date,
    revokedAt: nullableDate,
  },
});

export const ApiTokenEntity = new EntitySchema<ApiToken>({
  name: 'ApiToken',
  tableName: 'api_tokens',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: uuid,
    userId: uuid,
    name: { type: 'string' },
    tokenHash: { type: 'string', hidden: true },
    prefix: { type: 'string' },
    createdAt: date,
    lastUsedAt: nullableDate,
    expiresAt: nullableDate,
    revokedAt: nullableDate,
  },
});

export const InviteEntity = new EntitySchema<Invite>({
  name: 'Invite',
  tableName: 'invites',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: uuid,
    email: { type: 'string' },
    role: { type: 'string' },
    tokenHash: { type: 'string', hidden: true },
    invitedBy: uuid,
    createdAt: date,
    expiresAt: date,
    acceptedAt: nullableDate,
    revokedAt: nullableDate,
  },
});

export const FlowEntity = new EntitySchema<Flow>({
  name: 'Flow',
  tableName: 'flows',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: uuid,
    name: { type: 'string' },
    description: { type: 'string' },
    tags: { type: 'string[]' },
    draft: json,
    revision: { type: 'integer' },
    publishedVersion: { type: 'integer', nullable: true },
    active: { type: 'boolean' },
    archivedAt: nullableDate,
    createdBy: uuid,
    createdAt: date,
    updatedBy: uuid,
    updatedAt: date,
  },
});

export const FlowVersionEntity = new EntitySchema<FlowVersion>({
  name: 'FlowVersion',
  tableName: 'flow_versions',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: uuid,
    flowId: uuid,
    version: { type: 'integer' },
    graph: json,
    definition: json,
    createdBy: uuid,
    createdAt: date,
  },
});

export const FlowSnapshotEntity = new EntitySchema<FlowSnapshot>({
  name: 'FlowSnapshot',
  tableName: 'flow_snapshots',
  properties: {
    tenantId: { type: 'uuid', primary: true },
    flowId: { type: 'uuid', primary: true },
    hash: { type: 'string', primary: true },
    graph: json,
    createdAt: date,
  },
});

export const ConnectionEntity = new EntitySchema<Connection>({
  name: 'Connection',
  tableName: 'connections',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: uuid,
    name: { type: 'string' },
    type: { type: 'string' },
    status: { type: 'string' },
    scopes: { type: 'string[]' },
    config: json,
    secretKeys: { type: 'string[]' },
    authMethod: { type: 'string', nullable: true },
    lastTestedAt: nullableDate,
    lastTestError: { type: 'string', nullable: true },
    lastError: { type: 'string', nullable: true },
    lastErrorAt: nullableDate,
    tokenExpiresAt: nullableDate,
    createdBy: uuid,
    createdAt: date,
    updatedAt: date,
  },
});

export const AuditEventEntity = new EntitySchema<AuditEvent>({
  name: 'AuditEvent',
  tableName: 'audit_events',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: uuid,
    actorType: { type: 'string' },
    actorId: { type: 'string', nullable: true },
    action: { type: 'string' },
    targetType: { type: 'string' },
    targetId: { type: 'string', nullable: true },
    data: json,
    requestId: { type: 'string', nullable: true },
    createdAt: date,
  },
});

export const WebhookEndpointEntity = new EntitySchema<WebhookEndpoint>({
  name: 'WebhookEndpoint',
  tableName: 'webhook_endpoints',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: uuid,
    flowId: uuid,
    path: { type: 'string' },
    method: { type: 'string' },
    authMode: { type: 'string' },
    responseMode: { type: 'string' },
    timeoutMs: { type: 'integer' },
    active: { type: 'boolean' },
    createdAt: date,
    updatedAt: date,
  },
});

export const ENTITIES = [
  TenantEntity,
  UserEntity,
  MembershipEntity,
  SessionEntity,
  ApiTokenEntity,
  InviteEntity,
  FlowEntity,
  FlowVersionEntity,
  FlowSnapshotEntity,
  ConnectionEntity,
  AuditEventEntity,
  WebhookEndpointEntity,
];
