import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OAuth2Tokens } from '../connectors/sdk/auth.js';
import type { Connector, VendorFailure } from '../connectors/sdk/define-connector.js';
import type {
  ConnectorHttp,
  ConnectorRequest,
  ConnectorResponse,
  QueryValue,
} from '../connectors/sdk/http.js';
import { NodeError, NodeErrorCode } from '../node-error.js';
import type { ConnectionRuntime } from './connection-runtime.js';
import type { ResolvedCredentials } from './credentials.js';
import {
  clientCredentialsTokens,
  MemoryTokenRefresher,
  REFRESH_MARGIN_MS,
  refreshOAuth2Tokens,
} from './oauth2.js';
import { paginate } from './pagination.js';
import { MemoryRateLimiter } from './rate-limit.js';
import { parseJson, readCapped, requestError, retryAfterMs } from './response.js';
import { guardedFetch, type OutboundPolicy } from './ssrf-guard.js';

export interface ConnectorClientOptions {
  connector: Connector;
  credentials: ResolvedCredentials;
  /** The tenant's outbound settings: the SSRF guard applies on top of the connection's hosts. */
  outbound: OutboundPolicy;
  signal: AbortSignal;
  /** Largest response body read (the node output limit). */
  maxBodyBytes: number;
  /** The run's idempotency key, sent on requests that name an idempotency header. */
  idempotencyKey?: string;
  runtime?: ConnectionRuntime;
  timeoutMs?: number;
  /** Longest a request waits for the rate limit before failing RATE_LIMITED (retried later). */
  maxRateWaitMs?: number;
  /**
   * Points the connection at a compatible endpoint instead of the connector's base URL (a vendor's
   * mock in tests, a regional or on-premises host), which joins the allowed hosts.
   */
  baseUrl?: string;
  /**
   * Where OAuth2 tokens are refreshed instead of the connector's token URL (a stand-in
   * authorization server, as `baseUrl` is a stand-in API); its host joins the allowed hosts.
   */
  tokenUrl?: string;
}

// One per process: without a shared runtime, calls of one connection in this process still share a
// window and a refresh.
const localRateLimiter = new MemoryRateLimiter();
const localTokens = new MemoryTokenRefresher();

/**
 * The one HTTP client behind every connector operation, trigger, option loader and test.
 *
 * @example
 * const http = createConnectorHttp({ connector, credentials, outbound, signal, maxBodyBytes: 1 << 20 });
 * const { body } = await http.request({ method: 'GET', path: '/crm/v3/objects/contacts' });
 */
export function createConnectorHttp(options: ConnectorClientOptions): ConnectorHttp {
  const { connector, credentials } = options;
  const values = credentials.values;
  const spec = connector.connection;
  const base = new URL(options.baseUrl ?? spec.baseUrl(values as never));
  const hosts = [
    ...(options.baseUrl ? [base.host] : []),
    ...(options.tokenUrl ? [new URL(options.tokenUrl).host] : []),
    ...(spec.allowedHosts?.(values as never) ?? [new URL(spec.baseUrl(values as never)).host]),
  ];
  // Without a runtime the connection has no key of its own; its stored credentials stand for it, so
  // two connections of one connector never share a rate window or each other's refreshed tokens.
  const connectionKey = `${connector.id}:${
    options.runtime?.key ??
    `local:${createHash('sha256').update(JSON.stringify(values)).digest('base64url')}`
  }`;
  let tokens = values.oauth2;
  let writes = 0;

  const checkHost = (url: URL) => {
    if (!hosts.some((allowed) => hostMatches(allowed, url))) {
      throw new NodeError(
        NodeErrorCode.HOST_NOT_ALLOWED,
        `${url.host} is not among the hosts a ${connector.title} connection may reach (${hosts.join(', ')})`,
      );
    }
  };

  const needsAttention = async (reason: string) => {
    await options.runtime?.markNeedsAttention?.(reason);
  };

  async function accessToken(forceRefresh: boolean): Promise<string> {
    const method = credentials.method;
    if (method.kind !== 'oauth2' && method.kind !== 'oauth2_client_credentials') return '';
    const endpoint = {
      url: options.tokenUrl ?? method.tokenUrl(values as never),
      client: method.client(values as never),
      clientAuth: method.clientAuth,
      outbound: options.outbound,
      signal: options.signal,
    };
    checkHost(new URL(endpoint.url));
    if (method.kind === 'oauth2' && !tokens) {
      throw new NodeError(
        NodeErrorCode.AUTH_FAILED,
        `the ${connector.title} connection is not authorized yet: connect it first`,
      );
    }
    const stale: OAuth2Tokens = tokens ?? { accessToken: '' };
    const expiring =
      stale.accessToken === '' ||
      (stale.expiresAt !== undefined && stale.expiresAt - Date.now() < REFRESH_MARGIN_MS);
    if (forceRefresh || expiring) {
      const refresher = options.runtime?.tokens ?? localTokens;
      try {
        tokens = await refresher.refresh(connectionKey, stale, (current) =>
          method.kind === 'oauth2'
            ? refreshOAuth2Tokens(endpoint, current)
            : clientCredentialsTokens(endpoint, method.scopes),
        );
      } catch (error) {
        if (
          error instanceof NodeError &&
          error.code === NodeErrorCode.AUTH_FAILED &&
          !error.retryable
        )
          await needsAttention(error.message);
        throw error;
      }
    }
    return (tokens as OAuth2Tokens).accessToken;
  }

  async function authorize(url: URL, headers: Record<string, string>, forceRefresh: boolean) {
    const method = credentials.method;
    const c = values as never;
    switch (method.kind) {
      case 'api_key':
        if (method.in === 'header') headers[method.name.toLowerCase()] = method.value(c);
        else url.searchParams.set(method.name, method.value(c));
        return;
      case 'basic':
        headers.authorization = `Basic ${Buffer.from(`${method.username(c)}:${method.password(c)}`).toString('base64')}`;
        return;
      case 'bearer': {
        // An optional token left empty (an OpenAI-compatible server without a key) sends none.
        const token = method.token(c);
        if (token !== '') headers.authorization = `Bearer ${token}`;
        return;
      }
      case 'oauth2': {
        const token = await accessToken(forceRefresh);
        if (method.tokenHeader) headers[method.tokenHeader.toLowerCase()] = token;
        else headers.authorization = `${method.tokenPrefix ?? 'Bearer'} ${token}`;
        return;
      }
      case 'oauth2_client_credentials':
        headers.authorization = `Bearer ${await accessToken(forceRefresh)}`;
        return;
    }
  }

  async function throttle() {
    if (!spec.rateLimit) return;
    const limiter = options.runtime?.rateLimiter ?? localRateLimiter;
    const slot = await limiter.reserve(
      connectionKey,
      spec.rateLimit,
      options.maxRateWaitMs ?? 30_000,
    );
    if ('retryAfterMs' in slot) {
      throw new NodeError(
        NodeErrorCode.RATE_LIMITED,
        `the ${connector.title} connection's rate limit (${spec.rateLimit.requests} per ${spec.rateLimit.perMs} ms) is used up`,
        { retryable: true, retryAfterMs: Math.ceil(slot.retryAfterMs) },
      );
    }
    if (slot.waitMs > 0) await sleep(slot.waitMs, undefined, { signal: options.signal });
  }

  async function send<T>(
    request: ConnectorRequest,
    retriedAuth = false,
  ): Promise<ConnectorResponse<T>> {
    const url = new URL(resolvePath(base, request.path));
    checkHost(url);
    appendQuery(url, request.query);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...spec.headers?.(values as never),
      ...lowerKeys(request.headers),
    };
    let body: string | undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers['content-type'] = 'application/json';
    } else if (request.form !== undefined) {
      body = encodeForm(request.form);
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (request.idempotencyHeader && options.idempotencyKey) {
      // Several writes in one node each get their own key, the same on every retry of the node.
      headers[request.idempotencyHeader.toLowerCase()] = `${options.idempotencyKey}:${writes++}`;
    }
    await authorize(url, headers, retriedAuth);
    await throttle();

    let response;
    try {
      response = await guardedFetch(
        url,
        {
          method: request.method,
          headers,
          body,
          signal: options.signal,
          timeoutMs: options.timeoutMs ?? 30_000,
          checkHop: checkHost,
        },
        options.outbound,
      );
    } catch (error) {
      throw requestError(error, url.host, options.signal);
    }
    const text = await readCapped(response, options.maxBodyBytes, url.host);
    const parsed =
      request.responseType === 'text' ? text : lenientJson(text, url.host, response.ok);
    const result: ConnectorResponse<T> = {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: parsed as T,
    };
    const failure = response.ok
      ? spec.checkResponse?.(result)
      : statusFailure(response.status, result, spec.errorMessage);
    if (!failure) return result;
    if (failure.kind === 'auth' && !retriedAuth && canRefresh()) return send<T>(request, true);
    throw await toError(failure, url.host);
  }

  function canRefresh(): boolean {
    const kind = credentials.method.kind;
    return kind === 'oauth2_client_credentials' || (kind === 'oauth2' && !!tokens?.refreshToken);
  }

  async function toError(failure: VendorFailure, host: string): Promise<NodeError> {
    switch (failure.kind) {
      case 'auth':
        await needsAttention(failure.message);
        return new NodeError(NodeErrorCode.AUTH_FAILED, failure.message);
      case 'rate_limited':
        return new NodeError(NodeErrorCode.RATE_LIMITED, failure.message, {
          retryable: true,
          ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
        });
      case 'unavailable':
        return new NodeError(NodeErrorCode.VENDOR_UNAVAILABLE, failure.message, {
          retryable: true,
          ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
        });
      case 'rejected':
        return new NodeError(
          NodeErrorCode.VENDOR_ERROR,
          failure.message || `request to ${host} refused`,
        );
    }
  }

  return {
    request: (request) => send(request),
    paginate: (request, page) => paginate(request, page, (r) => send(r)),
  };
}

/** How a non-2xx status reads in the taxonomy, with the vendor's own message. */
function statusFailure(
  status: number,
  response: ConnectorResponse,
  errorMessage: ((body: unknown) => string | undefined) | undefined,
): VendorFailure {
  const vendor = errorMessage?.(response.body) ?? genericMessage(response.body);
  const message = `HTTP ${status}${vendor ? `: ${vendor}` : ''}`;
  const wait = retryAfterMs(response.headers['retry-after']);
  const delay = wait !== undefined ? { retryAfterMs: wait } : {};
  if (status === 401 || status === 403) return { kind: 'auth', message };
  if (status === 429) return { kind: 'rate_limited', message, ...delay };
  if (status >= 500 || status === 408) return { kind: 'unavailable', message, ...delay };
  return { kind: 'rejected', message };
}

/** The message most APIs put in an error body: `message`, `error.message`, `error_description`, `errors[0].message`, `error`. */
export function genericMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 500) || undefined;
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const error = b.error as Record<string, unknown> | string | undefined;
  const errors = Array.isArray(b.errors)
    ? (b.errors[0] as Record<string, unknown> | undefined)
    : undefined;
  for (const candidate of [
    b.message,
    typeof error === 'object' ? error?.message : undefined,
    b.error_description,
    errors?.message,
    typeof error === 'string' ? error : undefined,
  ]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate.slice(0, 500);
  }
  return undefined;
}

// An error body that is not JSON (an HTML error page) still yields an error with its status, not a parse error.
function lenientJson(text: string, host: string, ok: boolean): unknown {
  if (ok) return parseJson(text, host);
  try {
    return parseJson(text, host);
  } catch {
    return text;
  }
}

function resolvePath(base: URL, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  const root = base.href.endsWith('/') ? base.href.slice(0, -1) : base.href;
  return `${root}${path.startsWith('/') ? path : `/${path}`}`;
}

function appendQuery(url: URL, query: Record<string, QueryValue> | undefined): void {
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
    else url.searchParams.append(key, String(value));
  }
}

function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

/** `a[b][0]=c` form encoding (Stripe, Slack); undefined and null are left out. */
export function encodeForm(form: Record<string, unknown>): string {
  const pairs = new URLSearchParams();
  const add = (key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) value.forEach((v, i) => add(`${key}[${i}]`, v));
    else if (typeof value === 'object')
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) add(`${key}[${k}]`, v);
    else pairs.append(key, String(value));
  };
  for (const [key, value] of Object.entries(form)) add(key, value);
  return pairs.toString();
}

function hostMatches(allowed: string, url: URL): boolean {
  const entry = allowed.toLowerCase();
  if (entry.startsWith('*.')) return url.hostname.endsWith(entry.slice(1));
  return entry.includes(':') ? url.host === entry : url.hostname === entry;
}
