// Sessions live in PostgreSQL under random ids: no signing secret to manage or rotate, and a
// session can be listed and revoked. The cookie holds a random token; the table holds its hash.
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '@bizosaas/shared/config';
import { SessionEntity } from '../db/entities.js';
import { SESSION_TTL_MS, setSessionCookies } from './cookies.js';
import { randomToken, sha256 } from './tokens.js';

export async function startSession(
  em: EntityManager,
  http: { req: Request; res: Response; config: Config },
  userId: string,
  tenantId: string | null,
): Promise<{ sessionId: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const now = new Date();
  const sessionId = randomUUID();
  await em.insert(SessionEntity, {
    id: sessionId,
    tokenHash: sha256(token),
    userId,
    tenantId,
    csrfToken,
    userAgent: (http.req.header('user-agent') ?? '').slice(0, 300),
    ip: http.req.ip ?? '',
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    revokedAt: null,
  });
  setSessionCookies(http.res, http.config, { token, csrfToken });
  return { sessionId, csrfToken };
}
