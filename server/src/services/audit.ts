// The audit log: every state change writes one event, in the same transaction as the change.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEventEntity, type AuditEvent } from '../db/entities.js';
import type { Caller } from '../auth/caller.js';

export interface AuditInput {
  tenantId: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  /** Safe facts only: names, versions, roles — never a secret or a payload. */
  data?: Record<string, unknown>;
}

export interface Actor {
  type: AuditEvent['actorType'];
  id: string | null;
  requestId?: string | null;
}

export function actorOf(caller: Caller | null, requestId: string): Actor {
  if (!caller) return { type: 'system', id: null, requestId };
  return caller.via === 'token'
    ? { type: 'token', id: caller.tokenId ?? null, requestId }
    : { type: 'user', id: caller.userId, requestId };
}

/** The one writer of the audit log. `em` is the change's transaction, so both commit or neither. */
export async function recordAudit(em: EntityManager, actor: Actor, event: AuditInput) {
  await em.insert(AuditEventEntity, {
    id: randomUUID(),
    tenantId: event.tenantId,
    actorType: actor.type,
    actorId: actor.id,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId ?? null,
    data: event.data ?? {},
    requestId: actor.requestId ?? null,
    createdAt: new Date(),
  });
}

/** An event of the scope's tenant by the scope's actor, written in `em` (by default the scope's). */
export function audit(
  scope: { em: EntityManager; tenantId: string; actor: Actor },
  event: Omit<AuditInput, 'tenantId'>,
  em: EntityManager = scope.em,
) {
  return recordAudit(em, scope.actor, { tenantId: scope.tenantId, ...event });
}
