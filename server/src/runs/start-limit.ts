// Per-tenant rate limit on run starts, shared by every server process through Redis. Without it
// one tenant starting a thousand runs at once fills the workflow engine's queues and every other
// tenant's runs wait behind them (measured by the "noisy tenant" fault drill: a quiet tenant's
// run took up to 40 s to start). Every start through the gateway is counted (manual, test,
// re-run, webhook); over the limit the caller gets 429 RATE_LIMITED with Retry-After, and a queued
// webhook job waits in the queue instead (webhooks/ingress.ts).
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../errors.js';
import type { RunGateway } from './gateway.js';

/** The limit holds over this window: a burst of `perSecond × WINDOW_SECONDS` passes. */
const WINDOW_SECONDS = 2;

export function limitRunStarts<G extends RunGateway>(
  gateway: G,
  redis: Redis,
  /** RUN_STARTS_PER_TENANT_PER_SECOND */
  perSecond: number,
): G {
  const points = perSecond * WINDOW_SECONDS;
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'run-starts',
    points,
    duration: WINDOW_SECONDS,
    // While Redis is away each process counts alone: a restart of Redis must not stop all runs.
    insuranceLimiter: new RateLimiterMemory({ points, duration: WINDOW_SECONDS }),
  });
  return {
    ...gateway,
    async start(input) {
      try {
        await limiter.consume(input.tenantId);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        throw rateLimited(
          error.msBeforeNext,
          (seconds) =>
            `this workspace may start ${perSecond} runs a second; try again in ${seconds} s`,
        );
      }
      return gateway.start(input);
    },
  };
}
