// Who is calling: a browser session (cookie) or a program (`Authorization: Bearer <api token>`),
// and their role in the tenant they act in. Resolved once per request from hashed secrets.
import type { Request } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@bizosaas/shared';
import { ApiTokenEntity, MembershipEntity, SessionEntity } from '../db/entities.js';
import { AppError } from '../errors.js';
import { SESSION_COOKIE, readCookie } from './cookies.js';
import { sha256 } from './tokens.js';

export interface Caller {
  userId: string;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  tokenId?: string;
  /** The tenant the caller acts in; null for a session that belongs to no tenant any more. */
  tenantId: string | null;
  role: Role | null;
}

/** Seen-at timestamps are written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export async function resolveCaller(em: EntityManager, req: Request): Promise<Caller | null> {
  const authorization = req.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer ([\w-]{10,200})$/.exec(authorization);
    if (!match) throw new AppError('UNAUTHENTICATED', 'Authorization must be "Bearer <api token>"');
    return fromApiToken(em, match[1]!);
  }
  const cookie = readCookie(req, SESSION_COOKIE);
  return cookie ? fromSession(em, cookie) : null;
}

async function roleIn(em: EntityManager, tenantId: string | null, userId: string) {
  if (!tenantId) return null;
  const membership = await em.findOne(
    MembershipEntity,
    { tenant: tenantId, user: userId },
    { fields: ['role'] },
  );
  return membership?.role ?? null;
}

async function fromSession(em: EntityManager, token: string): Promise<Caller | null> {
  const now = new Date();
  const session = await em.findOne(SessionEntity, {
    tokenHash: sha256(token),
    revokedAt: null,
    expiresAt: { $gt: now },
  });
  if (!session) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS)
    await em.nativeUpdate(SessionEntity, { id: session.id }, { lastSeenAt: now });
  return {
    userId: session.userId,
    via: 'session',
    sessionId: session.id,
    csrfToken: session.csrfToken,
    tenantId: session.tenantId,
    role: await roleIn(em, session.tenantId, session.userId),
  };
}

async function fromApiToken(em: EntityManager, token: string): Promise<Caller> {
  const now = new Date();
  const row = await em.findOne(ApiTokenEntity, {
    tokenHash: sha256(token),
    revokedAt: null,
    $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }],
  });
  if (!row) throw new AppError('UNAUTHENTICATED', 'unknown, revoked or expired API token');
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS)
    await em.nativeUpdate(ApiTokenEntity, { id: row.id }, { lastUsedAt: now });
  // A token acts with its owner's current role: removing the member disarms their tokens.
  return {
    userId: row.userId,
    via: 'token',
    tokenId: row.id,
    tenantId: row.tenantId,
    role: await roleIn(em, row.tenantId, row.userId),
  };
}
