// What a service call acts within: the caller's tenant (which scopes every read and write), who
// acts (for the audit log) and the unit of work. Routers build it from their context, so no
// service depends on a request or a tRPC context.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../auth/caller.js';
import type { Services } from '../services.js';
import { actorOf, type Actor } from './audit.js';

export interface Scope {
  em: EntityManager;
  services: Services;
  tenantId: string;
  userId: string;
  actor: Actor;
}

/** The scope of a tenant procedure's caller. */
export function scopeOf(ctx: {
  em: EntityManager;
  services: Services;
  requestId: string;
  caller: Caller;
  tenant: { id: string };
}): Scope {
  return {
    em: ctx.em,
    services: ctx.services,
    tenantId: ctx.tenant.id,
    userId: ctx.caller.userId,
    actor: actorOf(ctx.caller, ctx.requestId),
  };
}
