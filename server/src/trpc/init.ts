// tRPC at /trpc: the context every procedure sees, the error shape every client receives, and the
// procedure builders. Authorization is not a builder choice: one middleware reads the permission
// matrix for the called path, so a procedure missing from the matrix cannot be called at all.
import type { Request, Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { initTRPC } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { accessOf } from '../auth/permissions.js';
import { CSRF_HEADER, type Role } from '@bizosaas/shared';
import { safeEqual } from '../auth/tokens.js';
import type { Caller } from '../auth/caller.js';
import { APP_ERROR_CODES, AppError, toAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services.js';

export interface Context {
  services: Services;
  em: EntityManager;
  req: Request;
  res: Response;
  requestId: string;
  log: Logger;
  caller: Caller | null;
}

const t = initTRPC.context<Context>().create({
  isDev: false,
  errorFormatter({ error, ctx, shape }) {
    const app = toAppError(error);
    return {
      code: TRPC_ERROR_CODES_BY_KEY[APP_ERROR_CODES[app.code].trpc],
      message: app.message,
      data: {
        code: app.code,
        httpStatus: app.status,
        path: shape.data.path,
        ...(ctx?.requestId ? { requestId: ctx.requestId } : {}),
        ...(app.details === undefined ? {} : { details: app.details }),
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const authorize = t.middleware(async ({ ctx, path, type, next }) => {
  const access = accessOf(path);
  if (access === undefined) {
    ctx.log.error({ path }, 'procedure has no entry in the permission matrix');
    throw new AppError('FORBIDDEN', 'this procedure is not available');
  }
  if (access === 'public') return next();
  const caller = ctx.caller;
  if (!caller) throw new AppError('UNAUTHENTICATED', 'sign in first');
  if (type === 'mutation' && caller.via === 'session') {
    // Browsers attach the session cookie to cross-site requests; only our own pages can read the
    // CSRF cookie and echo it in this header.
    const sent = ctx.req.header(CSRF_HEADER);
    if (!sent || !caller.csrfToken || !safeEqual(sent, caller.csrfToken))
      throw new AppError('FORBIDDEN', `missing or wrong ${CSRF_HEADER} header`);
  }
  if (access === 'signedIn') return next();
  if (!caller.tenantId || !caller.role)
    throw new AppError(
      'FORBIDDEN',
      'you are not a member of a tenant; switch tenant or accept an invite',
    );
  if (!access.includes(caller.role))
    throw new AppError('FORBIDDEN', `the ${caller.role} role may not call ${path}`);
  return next();
});

const baseProcedure = t.procedure.use(authorize);

export const publicProcedure = baseProcedure;

export const signedInProcedure = baseProcedure.use(({ ctx, next }) => {
  if (!ctx.caller) throw new AppError('UNAUTHENTICATED', 'sign in first');
  return next({ ctx: { caller: ctx.caller } });
});

export interface TenantScope {
  id: string;
  role: Role;
}

/** Procedures acting inside the caller's current tenant: `ctx.tenant.id` scopes every query. */
export const tenantProcedure = signedInProcedure.use(({ ctx, next }) => {
  const { tenantId, role } = ctx.caller;
  if (!tenantId || !role) throw new AppError('FORBIDDEN', 'no current tenant');
  const tenant: TenantScope = { id: tenantId, role };
  return next({ ctx: { tenant } });
});
