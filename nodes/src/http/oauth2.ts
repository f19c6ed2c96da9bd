import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { OAuth2Tokens } from '../connectors/sdk/auth.js';
import { NodeError, NodeErrorCode } from '../node-error.js';
import type { TokenRefresher } from './connection-runtime.js';
import { parseJson, readCapped, requestError } from './response.js';
import { guardedFetch, type OutboundPolicy } from './ssrf-guard.js';

/** Refresh this long before the access token expires, so a request never leaves with a dying one. */
export const REFRESH_MARGIN_MS = 60_000;
const TOKEN_RESPONSE_LIMIT = 64 * 1024;

export interface TokenEndpoint {
  url: string;
  client: { id: string; secret: string };
  /** `basic`: the client in an Authorization header (RFC 6749 §2.3.1); `body`: as form fields. */
  clientAuth: 'basic' | 'body';
  outbound: OutboundPolicy;
  signal?: AbortSignal;
}

/** Trades an authorization code (and its PKCE verifier) for tokens, after the provider's callback. */
export function exchangeAuthorizationCode(
  endpoint: TokenEndpoint,
  grant: { code: string; redirectUri: string; codeVerifier?: string },
): Promise<OAuth2Tokens> {
  return tokenRequest(endpoint, {
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    ...(grant.codeVerifier ? { code_verifier: grant.codeVerifier } : {}),
  });
}

/** New tokens from a refresh token; a vendor that rotates nothing keeps the old refresh token. */
export async function refreshOAuth2Tokens(
  endpoint: TokenEndpoint,
  stale: OAuth2Tokens,
): Promise<OAuth2Tokens> {
  if (!stale.refreshToken) {
    throw new NodeError(
      NodeErrorCode.AUTH_FAILED,
      'the access token expired and the connection has no refresh token: connect it again',
    );
  }
  const fresh = await tokenRequest(endpoint, {
    grant_type: 'refresh_token',
    refresh_token: stale.refreshToken,
  });
  return { ...fresh, refreshToken: fresh.refreshToken ?? stale.refreshToken };
}

/** Tokens for the client itself (`oauth2_client_credentials`). */
export function clientCredentialsTokens(
  endpoint: TokenEndpoint,
  scopes: readonly string[],
): Promise<OAuth2Tokens> {
  return tokenRequest(endpoint, {
    grant_type: 'client_credentials',
    ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
  });
}

async function tokenRequest(
  endpoint: TokenEndpoint,
  fields: Record<string, string>,
): Promise<OAuth2Tokens> {
  const url = new URL(endpoint.url);
  const form = new URLSearchParams(fields);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (endpoint.clientAuth === 'basic') {
    const pair = `${encodeURIComponent(endpoint.client.id)}:${encodeURIComponent(endpoint.client.secret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else {
    form.set('client_id', endpoint.client.id);
    form.set('client_secret', endpoint.client.secret);
  }
  const signal = endpoint.signal ?? new AbortController().signal;
  let response;
  try {
    response = await guardedFetch(
      url,
      { method: 'POST', headers, body: form.toString(), signal, timeoutMs: 30_000 },
      endpoint.outbound,
    );
  } catch (error) {
    throw requestError(error, url.host, signal);
  }
  const body = parseJson(await readCapped(response, TOKEN_RESPONSE_LIMIT, url.host), url.host) as {
    access_token?: unknown;
    refresh_token?: unknown;
    expires_in?: unknown;
    scope?: unknown;
    token_type?: unknown;
    error?: unknown;
    error_description?: unknown;
    ok?: unknown;
  } | null;
  const error = body?.error ?? (body?.ok === false ? 'refused' : undefined);
  if (response.status >= 500) {
    throw new NodeError(
      NodeErrorCode.VENDOR_UNAVAILABLE,
      `the token endpoint of ${url.host} answered HTTP ${response.status}`,
      { retryable: true },
    );
  }
  if (response.status >= 400 || error !== undefined || typeof body?.access_token !== 'string') {
    // invalid_grant (revoked or expired grant), invalid_client: the connection must be connected again.
    const detail = [error, body?.error_description].filter((s) => typeof s === 'string').join(': ');
    throw new NodeError(
      NodeErrorCode.AUTH_FAILED,
      `${url.host} refused the token request${detail ? ` (${detail})` : ` (HTTP ${response.status})`}`,
    );
  }
  const expiresIn = Number(body.expires_in);
  return {
    accessToken: body.access_token,
    ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
    ...(Number.isFinite(expiresIn) && expiresIn > 0
      ? { expiresAt: Date.now() + expiresIn * 1000 }
      : {}),
    ...(typeof body.scope === 'string' ? { scope: body.scope } : {}),
    ...(typeof body.token_type === 'string' ? { tokenType: body.token_type } : {}),
  };
}

/** Where a connection's current tokens are read and written (the secrets engine, for the runtime). */
export interface TokenStore {
  read(connectionKey: string): Promise<OAuth2Tokens | undefined>;
  write(connectionKey: string, tokens: OAuth2Tokens): Promise<void>;
}

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * One refresh in flight per connection across every worker: a Redis lock (SET NX PX, released only
 * by its holder) around read → refresh → store. A worker that finds the lock taken waits until the
 * stored tokens change, then uses them, so a rotating refresh token is spent exactly once.
 */
export class RedisTokenRefresher implements TokenRefresher {
  constructor(
    private readonly redis: Redis,
    private readonly store: TokenStore,
    private readonly options: { lockMs?: number; pollMs?: number; prefix?: string } = {},
  ) {}

  async refresh(
    connectionKey: string,
    stale: OAuth2Tokens,
    refresh: (stale: OAuth2Tokens) => Promise<OAuth2Tokens>,
  ): Promise<OAuth2Tokens> {
    const lockMs = this.options.lockMs ?? 30_000;
    const pollMs = this.options.pollMs ?? 50;
    const lock = `${this.options.prefix ?? 'bizosaas:oauth2-refresh:'}${connectionKey}`;
    const deadline = Date.now() + lockMs * 2;
    while (Date.now() < deadline) {
      const current = await this.store.read(connectionKey);
      if (current && current.accessToken !== stale.accessToken) return current;
      const holder = randomUUID();
      if ((await this.redis.set(lock, holder, 'PX', lockMs, 'NX')) === 'OK') {
        try {
          // Read again under the lock: a refresh may have finished between the read above and now.
          const latest = (await this.store.read(connectionKey)) ?? stale;
          if (latest.accessToken !== stale.accessToken) return latest;
          const fresh = await refresh(latest);
          await this.store.write(connectionKey, fresh);
          return fresh;
        } finally {
          await this.redis.eval(RELEASE, 1, lock, holder);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    throw new NodeError(
      NodeErrorCode.AUTH_FAILED,
      'another worker holds the token refresh and did not finish it',
      { retryable: true },
    );
  }
}

/** Single flight within this process only, tokens kept in memory: for one process (tests, the server's Test connection). */
export class MemoryTokenRefresher implements TokenRefresher {
  private readonly inFlight = new Map<string, Promise<OAuth2Tokens>>();
  private readonly latest = new Map<string, OAuth2Tokens>();

  async refresh(
    connectionKey: string,
    stale: OAuth2Tokens,
    refresh: (stale: OAuth2Tokens) => Promise<OAuth2Tokens>,
  ): Promise<OAuth2Tokens> {
    const known = this.latest.get(connectionKey);
    if (known && known.accessToken !== stale.accessToken) return known;
    let pending = this.inFlight.get(connectionKey);
    if (!pending) {
      pending = refresh(stale)
        .then((fresh) => {
          this.latest.set(connectionKey, fresh);
          return fresh;
        })
        .finally(() => this.inFlight.delete(connectionKey));
      this.inFlight.set(connectionKey, pending);
    }
    return pending;
  }
}
