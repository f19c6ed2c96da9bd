// Mounts the router on Express: context per request (caller resolved from cookie or bearer
// token), JSON-only mutations, a body size limit, and logging of unexpected failures.
import express, { type NextFunction, type Request, type Response } from 'express';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { resolveCaller } from '../auth/caller.js';
import { AppError, toAppError } from '../errors.js';
import { ensureTrpcInputDepth } from '../http/json-depth.js';
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
  // The body is read as text first so its nesting depth is checked before tRPC parses it;
  // createContext runs before any input is parsed, and what it throws answers every call.
  const readBody = express.text({ type: () => true, limit: TRPC_MAX_BODY_BYTES });
  const trpc = createExpressMiddleware({
    router: appRouter,
    async createContext({ req, res }): Promise<Context> {
      ensureTrpcInputDepth(req);
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
    // A refusal that says when to come back says it in the standard header too.
    responseMeta({ errors }) {
      const seconds = errors
        .map((error) => toAppError(error).retryAfterSeconds)
        .find((value) => value !== undefined);
      return seconds === undefined ? {} : { headers: { 'retry-after': String(seconds) } };
    },
    onError({ error, req, path }) {
      if (toAppError(error).code === 'INTERNAL')
        req.log.error({ err: error, path }, 'procedure failed');
    },
  });
  // A mutation without input may come with no body (the editor's logout through httpLink, curl);
  // tRPC 11.22 parses the empty text as JSON and answered 400, so it gets an empty object.
  const emptyBodyAsObject = (req: Request, _res: Response, next: NextFunction) => {
    if (req.method === 'POST' && req.body === '') req.body = '{}';
    next();
  };
  return [readBody, emptyBodyAsObject, trpc];
}
