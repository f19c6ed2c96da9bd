import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch, Headers, type RequestInit, type Response } from 'undici';
import { classifyAddress, isIpAddress, type AddressClass } from './ip-address.js';

/**
 * A tenant's outbound network settings. The default refuses every address that is not public.
 * `allowPrivateNetworks` opens loopback, private and link-local ranges (never cloud metadata);
 * `allowedHosts` opens exact `host` or `host:port` entries, whatever they resolve to, as an explicit
 * escape hatch (a local test server, an on-premises API).
 */
export interface OutboundPolicy {
  readonly allowPrivateNetworks: boolean;
  readonly allowedHosts: readonly string[];
}

export const DEFAULT_OUTBOUND_POLICY: OutboundPolicy = {
  allowPrivateNetworks: false,
  allowedHosts: [],
};

export type SsrfRefusalReason = Exclude<AddressClass, 'public'> | 'unsupported-scheme';

/** A request refused before it could reach an internal address. The message never carries credentials or query. */
export class SsrfRefusedError extends Error {
  override readonly name = 'SsrfRefusedError';
  constructor(
    readonly host: string,
    readonly reason: SsrfRefusalReason,
    readonly address?: string,
  ) {
    const resolved = address !== undefined && address !== host.replace(/^\[(.*)\]$/, '$1');
    const target = resolved ? `${host} (resolved to ${address})` : host;
    super(`outbound request to ${target} refused: ${describe(reason)}`);
  }
}

/** A redirect chain longer than the guard follows, or a redirect it cannot replay safely. */
export class RedirectError extends Error {
  override readonly name = 'RedirectError';
}

export interface GuardedRequestInit extends Omit<RequestInit, 'redirect' | 'dispatcher'> {
  /** Covers the whole exchange, redirects and body included. */
  readonly timeoutMs?: number;
  /** Called with the URL of every hop, redirects included, before it is requested: throw to refuse it. */
  readonly checkHop?: (url: URL) => void;
}

export const MAX_REDIRECTS = 5;
const DEFAULT_TIMEOUT_MS = 30_000;
const PRIVATE_CLASSES: ReadonlySet<AddressClass> = new Set(['loopback', 'private', 'link-local']);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * `fetch` for requests whose URL a tenant controls. It refuses internal addresses written literally
 * (in any form WHATWG URL parsing accepts), resolved by DNS at the moment of connecting (so a
 * rebinding DNS answer cannot slip between check and connect), and at every redirect hop.
 *
 * @example
 * const response = await guardedFetch('https://api.example.com/v1/items', { method: 'GET' }, tenant.outbound);
 */
export async function guardedFetch(
  url: string | URL,
  init: GuardedRequestInit = {},
  policy: OutboundPolicy = DEFAULT_OUTBOUND_POLICY,
): Promise<Response> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, signal, checkHop, ...rest } = init;
  const deadline = AbortSignal.timeout(timeoutMs);
  const dispatcher = agentFor(policy);
  let request: PendingRequest = {
    ...rest,
    headers: new Headers(rest.headers),
    signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
  };
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    checkUrl(current, policy);
    checkHop?.(current);
    if (current.username !== '' || current.password !== '') {
      // undici would reject this too, but with the whole URL, password included, in its message.
      throw new TypeError(
        `the URL for ${current.host} carries credentials; send them in a header instead`,
      );
    }
    const response = await fetch(current, { ...request, redirect: 'manual', dispatcher }).catch(
      (error: unknown) => {
        throw refusalIn(error) ?? error;
      },
    );
    const location = response.headers.get('location');
    if (!isRedirect(response.status) || location === null) return response;
    await response.body?.cancel();
    if (hop === MAX_REDIRECTS) {
      throw new RedirectError(
        `more than ${MAX_REDIRECTS} redirects starting from ${new URL(url).host}`,
      );
    }
    const next = new URL(location, current);
    request = redirectedRequest(request, response.status, current, next);
    current = next;
  }
}

// One keep-alive agent per outbound policy, so calls under the same policy reuse connections
// (a new TCP connection per request costs more than the rest of a local call). Every socket was
// checked by the guarded lookup when it connected, so reusing it reaches only checked addresses.
const AGENTS_KEPT = 64;
const agents = new Map<string, Agent>();

function agentFor(policy: OutboundPolicy): Agent {
  const key = JSON.stringify([policy.allowPrivateNetworks, [...policy.allowedHosts].sort()]);
  let agent = agents.get(key);
  if (agent) {
    agents.delete(key);
  } else {
    agent = new Agent({ connect: guardedConnector(policy), keepAliveTimeout: 10_000 });
    if (agents.size >= AGENTS_KEPT) {
      const [oldestKey, oldest] = agents.entries().next().value as [string, Agent];
      agents.delete(oldestKey);
      void oldest.close();
    }
  }
  agents.set(key, agent);
  return agent;
}

/** Refuses a URL whose scheme or literal host is not allowed; hostnames are checked later, once resolved. */
export function checkUrl(url: URL, policy: OutboundPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SsrfRefusedError(url.host || url.protocol, 'unsupported-scheme');
  }
  if (isAllowedHost(url.hostname, effectivePort(url), policy)) {
    return;
  }
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIpAddress(literal)) {
    checkAddress(url.hostname, literal, policy);
  }
}

function checkAddress(host: string, address: string, policy: OutboundPolicy): void {
  const addressClass = classifyAddress(address);
  if (
    addressClass === 'public' ||
    (policy.allowPrivateNetworks && PRIVATE_CLASSES.has(addressClass))
  ) {
    return;
  }
  throw new SsrfRefusedError(host, addressClass, address);
}

function isAllowedHost(hostname: string, port: string, policy: OutboundPolicy): boolean {
  return policy.allowedHosts.some((entry) => {
    const allowed = parseHostEntry(entry);
    return (
      allowed !== undefined &&
      allowed.hostname === hostname &&
      (allowed.port === undefined || allowed.port === port)
    );
  });
}

// Entries go through the same WHATWG parsing as request URLs, so `2130706433:8080` and `127.0.0.1:8080` agree.
function parseHostEntry(entry: string): { hostname: string; port: string | undefined } | undefined {
  try {
    const parsed = new URL(`http://${entry}`);
    const hasPort = /:\d+$/.test(entry);
    return { hostname: parsed.hostname, port: hasPort ? parsed.port || '80' : undefined };
  } catch {
    return undefined;
  }
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

// undici hands the connector the origin being dialled, so each connection checks the addresses its own
// DNS lookup returned: net.connect uses exactly what the lookup callback yields.
function guardedConnector(policy: OutboundPolicy): buildConnector.connector {
  return (options, callback) => {
    const port = options.port || (options.protocol === 'https:' ? '443' : '80');
    const skipCheck = isAllowedHost(options.hostname, port, policy);
    const connect = buildConnector({ lookup: guardedLookup(policy, skipCheck) });
    return connect(options, callback);
  };
}

function guardedLookup(policy: OutboundPolicy, skipCheck: boolean): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      try {
        // One internal address among several answers is enough to refuse: the connection could land on it.
        if (!skipCheck) {
          for (const { address } of addresses) {
            checkAddress(hostname, address, policy);
          }
        }
      } catch (refusal) {
        callback(refusal as SsrfRefusedError, '', 0);
        return;
      }
      const [first] = addresses;
      if (options.all) {
        callback(null, addresses);
      } else if (first === undefined) {
        callback(
          Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }),
          '',
          0,
        );
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

type PendingRequest = Omit<GuardedRequestInit, 'timeoutMs' | 'headers' | 'signal' | 'checkHop'> & {
  headers: Headers;
  signal: AbortSignal;
};

// Follows the fetch standard's redirect rules: 303 (and 301/302 after POST) become a bodiless GET,
// 307/308 repeat the request as is, and credentials never follow a redirect to another origin.
function redirectedRequest(
  request: PendingRequest,
  status: number,
  from: URL,
  to: URL,
): PendingRequest {
  const headers = new Headers(request.headers);
  if (from.origin !== to.origin) {
    for (const name of CREDENTIAL_HEADERS) {
      headers.delete(name);
    }
  }
  const method = (request.method ?? 'GET').toUpperCase();
  if (
    status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST'
  ) {
    for (const name of [
      'content-type',
      'content-length',
      'content-encoding',
      'content-language',
      'content-location',
    ]) {
      headers.delete(name);
    }
    return { ...request, method: 'GET', body: null, headers };
  }
  if (request.body instanceof ReadableStream || isAsyncIterable(request.body)) {
    throw new RedirectError(`cannot replay a streamed request body across a ${status} redirect`);
  }
  return { ...request, headers };
}

function isAsyncIterable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

// An error thrown inside the connector reaches the caller wrapped as `TypeError: fetch failed`.
function refusalIn(error: unknown): SsrfRefusedError | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof SsrfRefusedError) {
      return cause;
    }
  }
  return undefined;
}

function describe(reason: SsrfRefusalReason): string {
  if (reason === 'unsupported-scheme') {
    return 'only http and https are allowed';
  }
  if (reason === 'metadata') {
    return 'cloud metadata address';
  }
  const hint = PRIVATE_CLASSES.has(reason)
    ? ' (a tenant admin can allow private networks or this host in the tenant settings)'
    : '';
  return `${reason} address${hint}`;
}
