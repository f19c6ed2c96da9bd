// Node-only: runs connectors (operations, unified nodes, tests, option loaders, triggers) through
// the one connector HTTP client. Exported from `@bizosaas/nodes/executors`.
import type { ActionContext, NodeExecutor } from '../executor.js';
import type { ConnectionRuntime } from '../http/connection-runtime.js';
import { createConnectorHttp, type ConnectorClientOptions } from '../http/connector-client.js';
import { resolveCredentials } from '../http/credentials.js';
import { valueAt } from '../http/pagination.js';
import type { OutboundPolicy } from '../http/ssrf-guard.js';
import { NodeError, NodeErrorCode } from '../node-error.js';
import type { ConnectorCategory, PortContext, PortsByCategory } from '../ports/ports.js';
import { unifiedOperations } from '../ports/unified-nodes.js';
import { builtinConnectors, findConnector } from './index.js';
import type {
  AnyOperation,
  AnyPollingTrigger,
  Connector,
  ConnectorHttp,
  PushReply,
  PushRequest,
} from './sdk/index.js';

/** A connector's HTTP client and typed credentials for one call. */
export interface ConnectorCall {
  http: ConnectorHttp;
  credentials: Record<string, unknown> & { method: string };
}

export interface ConnectorCallOptions {
  outbound: OutboundPolicy;
  signal?: AbortSignal;
  maxBodyBytes?: number;
  idempotencyKey?: string;
  runtime?: ConnectionRuntime;
  /** See `ConnectorClientOptions.baseUrl`. */
  baseUrl?: string;
  /** See `ConnectorClientOptions.tokenUrl`. */
  tokenUrl?: string;
}

const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

/** Checks a stored secret against the connector and opens its client. */
export function openConnection(
  connector: Connector,
  secret: Record<string, unknown> | undefined,
  options: ConnectorCallOptions,
): ConnectorCall {
  const credentials = resolveCredentials(connector, secret);
  const client: ConnectorClientOptions = {
    connector,
    credentials,
    outbound: options.outbound,
    signal: options.signal ?? new AbortController().signal,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_BODY_LIMIT,
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    ...(options.runtime ? { runtime: options.runtime } : {}),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}),
  };
  return { http: createConnectorHttp(client), credentials: credentials.values };
}

/** A stand-in for a vendor's authorization server: its authorize page and token endpoint. */
export interface OAuthStandIn {
  authorizeUrl: string;
  tokenUrl: string;
}

/**
 * Stand-ins by connector id that replace the vendors' own endpoints (the demo service, a vendor's
 * mock in tests, a regional endpoint): `baseUrls` for their APIs (CONNECTOR_BASE_URLS), `oauthUrls`
 * for their authorization servers (CONNECTOR_OAUTH_URLS).
 */
export interface ConnectorExecutorOptions {
  baseUrls?: Readonly<Record<string, string>>;
  oauthUrls?: Readonly<Record<string, OAuthStandIn>>;
}

/** The call options that send a connector's requests and token refreshes to its stand-ins. */
export function standInsFor(
  standIns: ConnectorExecutorOptions,
  connectorId: string,
): Pick<ConnectorCallOptions, 'baseUrl' | 'tokenUrl'> {
  const baseUrl = standIns.baseUrls?.[connectorId];
  const tokenUrl = standIns.oauthUrls?.[connectorId]?.tokenUrl;
  return { ...(baseUrl ? { baseUrl } : {}), ...(tokenUrl ? { tokenUrl } : {}) };
}

function callFromAction(
  connector: Connector,
  ctx: ActionContext<unknown>,
  options: ConnectorExecutorOptions,
): ConnectorCall {
  return openConnection(connector, ctx.credentials, {
    outbound: ctx.outbound,
    signal: ctx.signal,
    maxBodyBytes: ctx.maxOutputBytes,
    idempotencyKey: ctx.idempotencyKey,
    ...(ctx.connection ? { runtime: ctx.connection } : {}),
    ...standInsFor(options, connector.id),
  });
}

/** Runs one operation: its declarative request (paginated when it says) or its `run`, then `map`. */
export async function runOperation(
  op: AnyOperation,
  call: ConnectorCall,
  params: unknown,
  input: unknown,
): Promise<unknown> {
  const ctx = { params, credentials: call.credentials, http: call.http, input };
  if (op.run) return op.run(ctx);
  const spec = op.http;
  if (!spec) throw new NodeError(NodeErrorCode.NODE_FAILED, `operation ${op.id} has no request`);
  const p = params as Record<string, unknown>;
  const request = {
    method: spec.method,
    path: fillPath(spec.path, p),
    ...(spec.query ? { query: spec.query(params, call.credentials) } : {}),
    ...(spec.json ? { json: spec.json(params, call.credentials) } : {}),
    ...(spec.form ? { form: spec.form(params, call.credentials) } : {}),
    ...(spec.headers ? { headers: spec.headers(params, call.credentials) } : {}),
    ...(spec.idempotencyHeader ? { idempotencyHeader: spec.idempotencyHeader } : {}),
  };
  let body: unknown;
  if (spec.pagination) {
    const cursor = spec.pagination.cursor?.(params);
    body = await call.http.paginate(request, {
      pagination: spec.pagination.spec,
      pageSize: spec.pagination.pageSize,
      limit: spec.pagination.limit(params),
      ...(cursor ? { cursor } : {}),
    });
  } else {
    body = valueAt((await call.http.request(request)).body, spec.responsePath);
  }
  return op.map ? op.map(body, ctx) : body;
}

/** `{name}` placeholders filled with URL-encoded params; a missing one is a params error. */
export function fillPath(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') {
      throw new NodeError(NodeErrorCode.INVALID_PARAMS, `${name} is required`);
    }
    return encodeURIComponent(String(value));
  });
}

/** The executors of these connectors' operations, by `type@version`. */
export function connectorExecutors(
  connectors: readonly Connector[] = builtinConnectors,
  options: ConnectorExecutorOptions = {},
): NodeExecutor[] {
  return [
    ...connectors.flatMap((connector) =>
      connector.operations.map((op) => ({
        key: `${connector.id}.${op.id}@${op.version ?? 1}`,
        execute: (ctx: ActionContext<unknown>) =>
          runOperation(op, callFromAction(connector, ctx, options), ctx.params, ctx.input),
      })),
    ),
    ...unifiedExecutors(connectors, options),
  ];
}

function portOf<K extends ConnectorCategory>(
  category: K,
  ctx: ActionContext<unknown>,
  connectors: readonly Connector[],
  options: ConnectorExecutorOptions,
): { port: PortsByCategory[K]; portCtx: PortContext } {
  const id = (ctx.credentials as { connector?: unknown } | undefined)?.connector;
  const connector = typeof id === 'string' ? findConnector(id, connectors) : undefined;
  if (!connector || connector.category !== category || !connector.port) {
    throw new NodeError(
      NodeErrorCode.INVALID_CREDENTIALS,
      typeof id === 'string'
        ? `a ${String(id)} connection cannot serve a ${category} node`
        : `the node needs a ${category} connection made from a connector`,
    );
  }
  const call = callFromAction(connector, ctx, options);
  return {
    port: connector.port as PortsByCategory[K],
    portCtx: { http: call.http, credentials: call.credentials },
  };
}

function unifiedExecutors(
  connectors: readonly Connector[],
  options: ConnectorExecutorOptions,
): NodeExecutor[] {
  return unifiedOperations.map(({ node, category, run }) => ({
    key: node.key,
    execute: (ctx) => {
      const { port, portCtx } = portOf(category, ctx, connectors, options);
      return run(port, portCtx, node.params.parse(ctx.params));
    },
  }));
}

export type ConnectionTestResult = { ok: true } | { ok: false; code: string; message: string };

/**
 * "Test connection": the connector's real test request with these credentials. A refusal says
 * what the vendor said; nothing here throws for a vendor's answer.
 */
export async function testConnection(
  connector: Connector,
  secret: Record<string, unknown> | undefined,
  options: ConnectorCallOptions,
): Promise<ConnectionTestResult> {
  try {
    const call = openConnection(connector, secret, options);
    const test = connector.connection.test;
    if ('run' in test) await test.run(call);
    else
      await call.http.request({
        method: test.method,
        path: test.path,
        ...(test.query ? { query: test.query } : {}),
      });
    return { ok: true };
  } catch (error) {
    if (error instanceof NodeError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** Fills a dropdown from the vendor (a Slack channel list) through the connection. */
export async function loadOptions(
  connector: Connector,
  loaderId: string,
  secret: Record<string, unknown> | undefined,
  options: ConnectorCallOptions & { search?: string },
): Promise<{ value: string; label: string }[]> {
  const loader = connector.options.find((o) => o.id === loaderId);
  if (!loader)
    throw new NodeError(
      NodeErrorCode.INVALID_PARAMS,
      `${connector.id} has no options "${loaderId}"`,
    );
  const call = openConnection(connector, secret, options);
  return loader.load({ ...call, ...(options.search ? { search: options.search } : {}) });
}

export type PushOutcome =
  | { status: 401; reason: string }
  | { status: 200; reply: PushReply }
  | { status: 202; events: unknown[] };

/**
 * A vendor's webhook call for a push trigger: a bad or missing signature → 401 and no run; a
 * verified handshake → the reply the vendor expects; otherwise the events to start runs for.
 */
export async function verifyPushRequest(
  connector: Connector,
  triggerId: string,
  request: PushRequest,
  secret: Record<string, unknown> | undefined,
  params: unknown,
): Promise<PushOutcome> {
  const trigger = connector.triggers.find((t) => t.id === triggerId && t.kind === 'push');
  if (!trigger || trigger.kind !== 'push') {
    throw new NodeError(
      NodeErrorCode.UNKNOWN_NODE_TYPE,
      `${connector.id} has no push trigger "${triggerId}"`,
    );
  }
  const credentials = resolveCredentials(connector, secret).values;
  if (!(await trigger.verify(request, credentials))) {
    return { status: 401, reason: `the ${connector.title} signature does not match` };
  }
  const reply = trigger.handshake?.(request);
  if (reply) return { status: 200, reply };
  const parsedParams = trigger.params.parse(params);
  return {
    status: 202,
    events: trigger.events(request, parsedParams).map((e) => trigger.output.parse(e)),
  };
}

/** The vendor's id of a verified event (see `verifyPushRequest`), for one run per event. */
export function pushEventId(
  connector: Connector,
  triggerId: string,
  event: unknown,
): string | undefined {
  const trigger = connector.triggers.find((t) => t.id === triggerId);
  return trigger?.kind === 'push' ? trigger.eventId(event) : undefined;
}

/** Where polling triggers keep their cursor and the ids they have seen, durably. */
export interface CursorStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, cursor: string): Promise<void>;
  /** The ids among these never marked seen. */
  unseen(key: string, ids: readonly string[]): Promise<string[]>;
  markSeen(key: string, ids: readonly string[]): Promise<void>;
}

export interface PollResult {
  /** Items not seen before: start one run each (the item id makes a good run id suffix). */
  items: unknown[];
  /** Call once the runs are started: marks the items seen and moves the cursor. */
  commit(): Promise<void>;
}

/**
 * One poll of a polling trigger: what is new since the stored cursor, less what was seen. Nothing
 * moves until `commit`, so a crash before the runs start polls the same items again, and an item
 * the vendor returns twice (an overlapping cursor) starts one run.
 */
export async function pollTrigger(
  connector: Connector,
  triggerId: string,
  stateKey: string,
  call: ConnectorCall,
  params: unknown,
  store: CursorStore,
): Promise<PollResult> {
  const trigger = connector.triggers.find((t) => t.id === triggerId) as
    AnyPollingTrigger | undefined;
  if (!trigger || trigger.kind !== 'polling') {
    throw new NodeError(
      NodeErrorCode.UNKNOWN_NODE_TYPE,
      `${connector.id} has no polling trigger "${triggerId}"`,
    );
  }
  const cursor = await store.get(stateKey);
  const result = await trigger.poll({ ...call, params: trigger.params.parse(params), cursor });
  const items = result.items.map((item) => trigger.output.parse(item));
  const ids = items.map((i) => trigger.itemId(i));
  const fresh = new Set(await store.unseen(stateKey, ids));
  return {
    items: items.filter((_, index) => fresh.has(ids[index] as string)),
    async commit() {
      await store.markSeen(stateKey, [...fresh]);
      if (result.cursor !== undefined) await store.set(stateKey, result.cursor);
    },
  };
}
