// GET /events: a signed-in member's live notices for their tenant, as server-sent events. The
// editor refreshes a run or the inbox when one arrives, instead of polling hard. Notices carry
// ids only (see @bizosaas/runtime live-events); what they point at is read through the API.
// GET /events/chat/<conversation>: a chat's answers as the model writes them, for the member
// whose conversation it is only.
import type { NextFunction, Request, Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import { liveChatChannel, liveEventsChannel } from '@bizosaas/runtime';
import { resolveCaller, type Caller } from '../auth/caller.js';
import { findConversation } from '../chat/store.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { id } from '../trpc/schemas.js';

/**
 * How often a stream checks that its caller is still signed in to the workspace (signed out, the
 * session revoked, the membership removed: the stream ends). Its comment line, written at the same
 * time, keeps proxies and load balancers from closing an idle stream.
 */
const RECHECK_MS = 20_000;

export function createLiveStream(deps: {
  redisUrl: string;
  orm: MikroORM;
  logger: Logger;
  recheckMs?: number;
}) {
  // One subscriber connection per server, shared by every open stream of every tenant.
  const subscriber = new Redis(deps.redisUrl, { maxRetriesPerRequest: null });
  subscriber.on('error', (error) => deps.logger.warn({ err: error.message }, 'live events: Redis'));
  const streams = new Map<string, Set<Response>>();
  subscriber.on('message', (channel: string, message: string) => {
    for (const res of streams.get(channel) ?? []) res.write(`data: ${message}\n\n`);
  });

  async function follow(channel: string, res: Response) {
    let open = streams.get(channel);
    if (!open) {
      open = new Set();
      streams.set(channel, open);
      await subscriber.subscribe(channel);
    }
    open.add(res);
    return () => {
      open.delete(res);
      if (open.size === 0 && streams.get(channel) === open) {
        streams.delete(channel);
        subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  /** Opens an event stream for a signed-in member on the channel `channelOf` picks for them. */
  async function openStream(
    req: Request,
    res: Response,
    next: NextFunction,
    channelOf: (caller: Caller & { tenantId: string }) => Promise<string>,
  ) {
    try {
      const caller = await resolveCaller(deps.orm.em.fork(), req);
      if (!caller?.tenantId || !caller.role)
        throw new AppError('UNAUTHENTICATED', 'sign in to a workspace to follow its live events');
      const unfollow = await follow(await channelOf({ ...caller, tenantId: caller.tenantId }), res);
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      // Tells the browser how soon to reconnect, and opens the stream at once.
      res.write('retry: 3000\n\n');
      const recheck = setInterval(async () => {
        const now = await resolveCaller(deps.orm.em.fork(), req).catch(() => null);
        if (now?.tenantId === caller.tenantId && now.role) res.write(': keep-alive\n\n');
        else res.end();
      }, deps.recheckMs ?? RECHECK_MS);
      res.on('close', () => {
        clearInterval(recheck);
        unfollow();
      });
    } catch (error) {
      next(error);
    }
  }

  return {
    handler(req: Request, res: Response, next: NextFunction) {
      return openStream(req, res, next, async (caller) => liveEventsChannel(caller.tenantId));
    },
    /** A conversation's answers as they are written; another member's conversation is NOT_FOUND. */
    chat(req: Request, res: Response, next: NextFunction) {
      return openStream(req, res, next, async (caller) => {
        const conversationId = String(req.params.conversationId);
        const own = id.safeParse(conversationId).success
          ? await findConversation(
              deps.orm.em.fork(),
              caller.tenantId,
              caller.userId,
              conversationId,
            )
          : undefined;
        if (!own) throw new AppError('NOT_FOUND', 'that conversation does not exist');
        return liveChatChannel(caller.tenantId, conversationId);
      });
    },
    async close() {
      for (const open of streams.values()) for (const res of open) res.end();
      streams.clear();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}

export type LiveStream = ReturnType<typeof createLiveStream>;
