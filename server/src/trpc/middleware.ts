// Mounts the router on Express: context per request (caller resolved from cookie or bearer
// token), JSON-only mutations, a body size limit, and logging of unexpected failures.
import type { NextFunction, Request, Response } from 'express';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { resolveCaller } from '../auth/caller.js';
import { AppError, toAppError } from '../errors.js';
import { appRouter } from '../router.js';
import type { Services } from '../services.js';
import type { Context } from './init.js';

export const TRPC_MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Refuses tRPC POSTs that are not JSON. A cross-site HTML form can only send urlencoded, multipart
 * or text bodies, so this also keeps forged form posts away from the public mutations (login).
 */
export function requireJsonPost(req: Request, _res: Response, next: NextFunction) {
  if (req.method === 'POST' && !req.is('application/json'))
    return next(
      new AppError('UNSUPPORTED_MEDIA_TYPE', 'tRPC calls must send Content-Type: application/json'),
    );
  next();
}

export function trpcMiddleware(services: Services) {
  return createExpressMiddleware({
    router: appRouter,
    maxBodySize: TRPC_MAX_BODY_BYTES,
    async createContext({ req, res }): Promise<Context> {
      const em = services.orm.em.fork();
      return {
        services,
        em: em as Context['em'],
        req,
        res,
        requestId: req.id,
        log: req.log,
        caller: await resolveCaller(em as Context['em'], req),
      };
    },
    onError({ error, req, path }) {
      if (toAppError(error).code === 'INTERNAL')
        req.log.error({ err: error, path }, 'procedure failed');
    },
  });
}
