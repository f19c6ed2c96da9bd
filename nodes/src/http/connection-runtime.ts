import type { OAuth2Tokens } from '../connectors/sdk/auth.js';

/** A per-connection rate limit shared by every worker: reserves the next slot and says how long to wait for it. */
export interface RateLimiter {
  /**
   * Reserves one request under `limit` for `key`. Resolves with the wait in milliseconds before
   * the request may go (0: now), or `undefined` when the wait would pass `maxWaitMs` (nothing is
   * reserved then, and the caller fails with RATE_LIMITED, retryable after `retryAfterMs`).
   */
  reserve(
    key: string,
    limit: { requests: number; perMs: number },
    maxWaitMs: number,
  ): Promise<{ waitMs: number } | { retryAfterMs: number }>;
}

/** Refreshes a connection's OAuth2 tokens with one refresh in flight per connection across every worker. */
export interface TokenRefresher {
  /**
   * Gives tokens newer than `stale`: either this caller refreshes (calling `refresh`, then storing
   * the result where every worker reads credentials) or it waits for the refresh another holds.
   */
  refresh(
    connectionKey: string,
    stale: OAuth2Tokens,
    refresh: (stale: OAuth2Tokens) => Promise<OAuth2Tokens>,
  ): Promise<OAuth2Tokens>;
}

/**
 * What the runtime (or the server, for Test connection and option loaders) gives the connector
 * HTTP client for one connection. Each part has an in-process default, good for one process only.
 */
export interface ConnectionRuntime {
  /** `<tenant>/<connection id>`: the key of the shared rate limit and of the refresh lock. */
  readonly key: string;
  readonly rateLimiter?: RateLimiter;
  readonly tokens?: TokenRefresher;
  /** The vendor refused the credentials (401/403, or a refresh refused): show the connection as needing attention. */
  markNeedsAttention?(reason: string): Promise<void>;
}
