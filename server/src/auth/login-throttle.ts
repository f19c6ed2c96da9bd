// Throttling of password guesses, following OWASP's authentication guidance: slow the guesser
// down, never lock the account. Failures count per account *and* source address, so someone
// guessing at an email from elsewhere delays only themselves, and the owner signing in from their
// own address is never held up. After a few free mistakes each further failure makes that pair
// wait twice as long as the last (1 s, 2 s, 4 s, … up to 15 min); one source failing against many
// accounts is stopped as a whole. Counters live in Redis (rate-limiter-flexible), shared by every
// server process.
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, rateLimited } from '../errors.js';
import { sha256 } from './tokens.js';

/** Failures of one account from one source before delays start. */
export const FREE_FAILURES = 5;
/** The longest delay between two guesses of one account from one source. */
export const MAX_DELAY_SECONDS = 15 * 60;
/** Failures of one source, over every account, per window before it is stopped for the window. */
export const SOURCE_FAILURES = 100;
const SOURCE_WINDOW_SECONDS = 15 * 60;
/** How long an account-and-source pair's failure count lasts, from its first failure. */
const FAILURE_MEMORY_SECONDS = 24 * 60 * 60;

const throttles = new WeakMap<Redis, LoginThrottle>();

/** The throttle on this Redis connection, made once per server process. */
export function loginThrottleOf(redis: Redis): LoginThrottle {
  let throttle = throttles.get(redis);
  if (!throttle) throttles.set(redis, (throttle = loginThrottle(redis)));
  return throttle;
}

function loginThrottle(storeClient: Redis) {
  // A plain counter (it never refuses): how many times this pair failed.
  const failures = new RateLimiterRedis({
    storeClient,
    keyPrefix: 'login-failures',
    points: Number.MAX_SAFE_INTEGER,
    duration: FAILURE_MEMORY_SECONDS,
  });
  // Used only through block(): the pair's current delay, with its own expiry.
  const delays = new RateLimiterRedis({
    storeClient,
    keyPrefix: 'login-delay',
    points: 1,
    duration: 1,
  });
  const sources = new RateLimiterRedis({
    storeClient,
    keyPrefix: 'login-source',
    points: SOURCE_FAILURES,
    duration: SOURCE_WINDOW_SECONDS,
    blockDuration: SOURCE_WINDOW_SECONDS,
  });
  const pair = (email: string, source: string) => `${sha256(email)}:${source}`;

  const unavailable = () =>
    new AppError('UNAVAILABLE', 'sign-in is unavailable right now (Redis did not answer)');

  return {
    /** Throws RATE_LIMITED (with `retryAfterSeconds`) while this pair or source must wait. */
    async ensureAllowed(email: string, source: string): Promise<void> {
      const [delay, fromSource] = await Promise.all([
        delays.get(pair(email, source)),
        sources.get(source),
      ]).catch(() => {
        throw unavailable();
      });
      const waits = [
        delay && delay.consumedPoints > 1 ? delay.msBeforeNext : 0,
        fromSource && fromSource.consumedPoints > SOURCE_FAILURES ? fromSource.msBeforeNext : 0,
      ];
      const wait = Math.max(...waits);
      if (wait > 0)
        throw rateLimited(
          wait,
          (seconds) => `too many failed sign-ins from here; try again in ${seconds} s`,
        );
    },

    /** Counts a failed guess and starts the pair's next delay once the free ones are used up. */
    async recordFailure(email: string, source: string): Promise<void> {
      const key = pair(email, source);
      try {
        await sources.consume(source).catch((error: unknown) => {
          // Over the source's limit: it is now blocked for the window, which is the point.
          if (!(error instanceof RateLimiterRes)) throw error;
        });
        const { consumedPoints } = await failures.penalty(key);
        if (consumedPoints > FREE_FAILURES)
          await delays.block(
            key,
            Math.min(2 ** (consumedPoints - FREE_FAILURES - 1), MAX_DELAY_SECONDS),
          );
      } catch {
        throw unavailable();
      }
    },

    /** A correct password from this source: its past mistakes are forgiven. */
    async recordSuccess(email: string, source: string): Promise<void> {
      const key = pair(email, source);
      await Promise.all([failures.delete(key), delays.delete(key)]).catch(() => {
        throw unavailable();
      });
    },
  };
}

type LoginThrottle = ReturnType<typeof loginThrottle>;
