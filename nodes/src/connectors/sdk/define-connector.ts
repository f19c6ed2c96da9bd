import { z } from 'zod';
import { defineNode, type NodeType } from '@bizosaas/shared';
import type { ConnectorCategory, PortsByCategory } from '../../ports/ports.js';
import type { AuthMethod, CredentialsOf } from './auth.js';
import type {
  ConnectorHttp,
  ConnectorRequest,
  ConnectorResponse,
  HttpMethod,
  PaginationSpec,
  QueryValue,
} from './http.js';

/** How a vendor answered when its status code does not say it (Slack's `ok: false`, GraphQL `errors`). */
export interface VendorFailure {
  kind: 'auth' | 'rate_limited' | 'rejected' | 'unavailable';
  message: string;
  retryAfterMs?: number;
}

/** A real request that proves the credentials work: a vendor refusal fails the test with its message. */
export type ConnectionTest<C> =
  | { method: HttpMethod; path: string; query?: Record<string, QueryValue> }
  | { run(ctx: { http: ConnectorHttp; credentials: C }): Promise<void> };

export interface ConnectionSpec<M extends readonly AuthMethod[]> {
  /** The ways to connect, first one the default (a bot token, OAuth2, …). */
  auth: M;
  /** Per-connection parts come from the credentials: a shop domain, a data centre, a site URL. */
  baseUrl(credentials: CredentialsOf<M>): string;
  /**
   * The only hosts this connection's requests may reach: exact names, or `*.example.com` for any
   * subdomain. Defaults to the base URL's host. OAuth2 token URLs are checked against it too.
   */
  allowedHosts?(credentials: CredentialsOf<M>): string[];
  /** Shared by every worker using the connection (the vendor's limit, with a margin). */
  rateLimit?: { requests: number; perMs: number };
  /** Headers on every request, e.g. an API version pin. */
  headers?(credentials: CredentialsOf<M>): Record<string, string>;
  test: ConnectionTest<CredentialsOf<M>>;
  /** The vendor's own message in an error body; a generic reader tries `message`, `error`, … otherwise. */
  errorMessage?(body: unknown): string | undefined;
  /** A failure hidden in a 2xx answer. */
  checkResponse?(response: ConnectorResponse): VendorFailure | undefined;
}

export interface OperationContext<C, P> {
  params: P;
  credentials: C;
  http: ConnectorHttp;
  /** The data on the node's input. */
  input: unknown;
}

/**
 * One request described as data. `{name}` in `path` is replaced by the URL-encoded param of that
 * name. The response's `responsePath` (dotted) is what `map` gets, or the page when paginated.
 */
export interface DeclarativeHttp<C, P> {
  method: HttpMethod;
  path: string;
  query?(params: P, credentials: C): Record<string, QueryValue>;
  json?(params: P, credentials: C): unknown;
  form?(params: P, credentials: C): Record<string, unknown>;
  headers?(params: P, credentials: C): Record<string, string>;
  /** The header for the run's idempotency key, where the vendor takes one. */
  idempotencyHeader?: string;
  responsePath?: string;
  pagination?: {
    spec: PaginationSpec;
    pageSize: number;
    limit(params: P): number;
    cursor?(params: P): string | undefined;
  };
}

export interface OperationSpec<C, P extends z.ZodType, O extends z.ZodType> {
  /** snake_case; the node type is `<connector>.<id>`. Never changes once published. */
  id: string;
  /** Bumped on a breaking change to params or output. */
  version?: number;
  title: string;
  description: string;
  params: P;
  output: O;
  /**
   * Creates, updates, sends, publishes or deletes something in the vendor's system, so an agent's
   * call of it waits for a person's approval. Defaults from the id's verb (see `operationWrites`).
   */
  write?: boolean;
  /** Declarative request; or `run` for an operation that needs code (still through `http`). */
  http?: DeclarativeHttp<C, z.output<P>>;
  run?(ctx: OperationContext<C, z.output<P>>): Promise<z.input<O>>;
  /** From the vendor's response (at `responsePath`, or the page) to the output. Identity when absent. */
  map?(body: unknown, ctx: OperationContext<C, z.output<P>>): z.input<O>;
}

export interface PushRequest {
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The body exactly as received: signatures are computed over it. */
  rawBody: string;
  /** Milliseconds since the epoch when the request arrived (signature timestamps are checked against it). */
  receivedAt: number;
  /** The request's method and full URL as the vendor called it, for signatures that cover them (HubSpot v3). */
  method?: string;
  url?: string;
}

export interface PushReply {
  status: number;
  contentType: string;
  body: string;
}

/** A vendor webhook. The server checks `verify` first: false → 401 and no run. */
export interface PushTriggerSpec<C, P extends z.ZodType, E extends z.ZodType> {
  kind: 'push';
  id: string;
  version?: number;
  title: string;
  description: string;
  params: P;
  output: E;
  verify(request: PushRequest, credentials: C): Promise<boolean>;
  /** A verified request the vendor expects a direct answer to (Slack's `url_verification`); starts no run. */
  handshake?(request: PushRequest): PushReply | undefined;
  /** The events in a verified request that this trigger (with these params) starts runs for. */
  events(request: PushRequest, params: z.output<P>): z.input<E>[];
  /** The vendor's id of an event, the same on each of its redeliveries: one run per id. */
  eventId(event: z.output<E>): string | undefined;
}

/** A trigger that asks the vendor for what is new since a cursor the platform keeps durably. */
export interface PollingTriggerSpec<C, P extends z.ZodType, E extends z.ZodType> {
  kind: 'polling';
  id: string;
  version?: number;
  title: string;
  description: string;
  params: P;
  output: E;
  /** Default time between polls. */
  intervalMs: number;
  /** `cursor` is undefined on the first poll: return the current position and no backlog. */
  poll(ctx: {
    http: ConnectorHttp;
    credentials: C;
    params: z.output<P>;
    cursor: string | undefined;
  }): Promise<{ items: z.input<E>[]; cursor: string | undefined }>;
  /** Stable per item: an item returned twice starts one run. */
  itemId(item: z.output<E>): string;
}

export interface OptionLoaderSpec<C> {
  /** Params name it with `.meta({ options: '<id>' })`. */
  id: string;
  title: string;
  load(ctx: {
    http: ConnectorHttp;
    credentials: C;
    search?: string;
  }): Promise<{ value: string; label: string }[]>;
}

// Erased forms held by a connector once defined; the typed helpers below check each one.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type AnyOperation = OperationSpec<any, z.ZodType, z.ZodType>;
export type AnyPushTrigger = PushTriggerSpec<any, z.ZodType, z.ZodType>;
export type AnyPollingTrigger = PollingTriggerSpec<any, z.ZodType, z.ZodType>;
export type AnyTrigger = AnyPushTrigger | AnyPollingTrigger;
export type AnyOptionLoader = OptionLoaderSpec<any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A connection type with typed helpers: each operation's `credentials` is typed by its auth methods. */
export interface Connection<M extends readonly AuthMethod[]> extends ConnectionSpec<M> {
  operation<P extends z.ZodType, O extends z.ZodType>(
    spec: OperationSpec<CredentialsOf<M>, P, O>,
  ): AnyOperation;
  pushTrigger<P extends z.ZodType, E extends z.ZodType>(
    spec: Omit<PushTriggerSpec<CredentialsOf<M>, P, E>, 'kind'>,
  ): AnyTrigger;
  pollingTrigger<P extends z.ZodType, E extends z.ZodType>(
    spec: Omit<PollingTriggerSpec<CredentialsOf<M>, P, E>, 'kind'>,
  ): AnyTrigger;
  options(spec: OptionLoaderSpec<CredentialsOf<M>>): AnyOptionLoader;
}

/**
 * Declares how a system is connected to. Operations, triggers and option loaders are then written
 * with its helpers, so `credentials` is typed from the credential schemas.
 *
 * @example
 * const connection = defineConnection({
 *   auth: [bearerAuth({ id: 'token', title: 'API token', credentials: z.object({ token: z.string() }), token: (c) => c.token })],
 *   baseUrl: () => 'https://api.example.com',
 *   test: { method: 'GET', path: '/me' },
 * });
 */
export function defineConnection<const M extends readonly AuthMethod[]>(
  spec: ConnectionSpec<M>,
): Connection<M> {
  if (spec.auth.length === 0) throw new Error('defineConnection: at least one auth method');
  return {
    ...spec,
    operation: (op) => op as AnyOperation,
    pushTrigger: (t) => ({ kind: 'push', ...t }) as AnyTrigger,
    pollingTrigger: (t) => ({ kind: 'polling', ...t }) as AnyTrigger,
    options: (o) => o as AnyOptionLoader,
  };
}

export interface ConnectorSpec<M extends readonly AuthMethod[], K extends ConnectorCategory> {
  /** snake_case, also the connection type (`hubspot`). Never changes. */
  id: string;
  title: string;
  description: string;
  category: K;
  /** An icon name the editor knows, or a logo URL. */
  icon: string;
  /** The vendor's API reference. */
  docsUrl: string;
  connection: Connection<M>;
  operations: readonly AnyOperation[];
  triggers?: readonly AnyTrigger[];
  options?: readonly AnyOptionLoader[];
  /** The category port, so the unified nodes (`crm.upsert_contact`, …) work with this connector. */
  port?: PortsByCategory<CredentialsOf<M>>[K];
}

/** A defined connector: its spec plus the node types it yields (pure declarations). */
export interface Connector {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly category: ConnectorCategory;
  readonly icon: string;
  readonly docsUrl: string;
  readonly connection: ConnectionSpec<readonly AuthMethod[]>;
  readonly operations: readonly AnyOperation[];
  readonly triggers: readonly AnyTrigger[];
  readonly options: readonly AnyOptionLoader[];
  readonly port: PortsByCategory[ConnectorCategory] | undefined;
  /** One action node per operation, one trigger node per trigger, keyed `type@version`. */
  readonly nodes: readonly NodeType[];
}

export const CATEGORY_TITLES: Record<ConnectorCategory, string> = {
  crm: 'CRM',
  cms: 'CMS',
  commerce: 'Commerce',
  billing: 'Billing',
  analytics: 'Analytics',
  messaging: 'Messaging',
  llm: 'LLM',
};

const SNAKE = /^[a-z][a-z0-9_]*$/;

/**
 * Declares a connector: one folder (`nodes/src/connectors/<id>/index.ts`), one call.
 *
 * @example
 * export const exampleConnector = defineConnector({
 *   id: 'example', title: 'Example', description: 'Example CRM.', category: 'crm', icon: 'users',
 *   docsUrl: 'https://example.com/api', connection,
 *   operations: [connection.operation({ id: 'get_contact', title: 'Get contact', description: '…',
 *     params: z.object({ id: z.string() }), output: z.object({ id: z.string() }),
 *     http: { method: 'GET', path: '/contacts/{id}' } })],
 * });
 *
 * @throws Error when ids clash or an operation has neither `http` nor `run` (a developer error at load).
 */
export function defineConnector<const M extends readonly AuthMethod[], K extends ConnectorCategory>(
  spec: ConnectorSpec<M, K>,
): Connector {
  const fail = (why: string): never => {
    throw new Error(`defineConnector(${spec.id}): ${why}`);
  };
  if (!SNAKE.test(spec.id)) fail('id must be snake_case');
  const ids = [...spec.operations.map((o) => o.id), ...(spec.triggers ?? []).map((t) => t.id)];
  for (const id of ids) if (!SNAKE.test(id)) fail(`"${id}" must be snake_case`);
  if (new Set(ids).size !== ids.length) fail('operation and trigger ids must be unique');
  for (const op of spec.operations) {
    if (!op.http === !op.run) fail(`operation ${op.id} needs exactly one of http or run`);
  }
  const category = CATEGORY_TITLES[spec.category];
  const node = (
    kind: 'action' | 'trigger',
    item: { id: string; version?: number; title: string; description: string; params: z.ZodType },
    output: z.ZodType,
  ) =>
    defineNode({
      type: `${spec.id}.${item.id}`,
      version: item.version ?? 1,
      kind,
      title: `${spec.title}: ${item.title}`,
      description: item.description,
      category,
      icon: spec.icon,
      params: item.params,
      inputs: kind === 'action' ? [{ name: 'main' }] : [],
      outputs: [{ name: 'main', schema: output }],
      connectionType: spec.id,
    }) as NodeType;
  const nodes: NodeType[] = [
    ...spec.operations.map((op) => node('action', op, op.output)),
    ...(spec.triggers ?? []).map((trigger) => node('trigger', trigger, trigger.output)),
  ];
  return Object.freeze({
    id: spec.id,
    title: spec.title,
    description: spec.description,
    category: spec.category,
    icon: spec.icon,
    docsUrl: spec.docsUrl,
    connection: spec.connection as unknown as ConnectionSpec<readonly AuthMethod[]>,
    operations: spec.operations,
    triggers: spec.triggers ?? [],
    options: spec.options ?? [],
    port: spec.port as PortsByCategory[ConnectorCategory] | undefined,
    nodes,
  });
}

/** Maps each item of a page (what a paginated operation's `map` gets) and keeps its cursor. */
export function mapPage<T, E>(
  map: (raw: T) => E,
): (page: unknown) => { items: E[]; nextCursor?: string } {
  return (page) => {
    const { items, nextCursor } = page as { items: T[]; nextCursor?: string };
    return nextCursor === undefined
      ? { items: items.map(map) }
      : { items: items.map(map), nextCursor };
  };
}

/**
 * What the server writes to the secrets engine for a connector connection: which connector and auth
 * method, the form's fields, and for OAuth2 the tokens under `oauth2`.
 */
export const ConnectionSecretSchema = z.looseObject({
  connector: z.string().min(1),
  method: z.string().min(1),
});

/** The connection type of a unified node: any connection whose connector is of this category. */
export function categoryConnectionType(category: ConnectorCategory): string {
  return `category:${category}`;
}

const WRITE_VERB =
  /^(create|update|upsert|delete|remove|archive|send|post|publish|finalize|void|pay|refund|cancel|capture|add|set)(_|$)/;

/** Whether an operation (or a unified node's op) writes: its `write`, else its id's verb. */
export function operationWrites(op: { id: string; write?: boolean }): boolean {
  return op.write ?? WRITE_VERB.test(op.id);
}

/** Does a node declaring `connectionType` accept a connection of this connector? */
export function acceptsConnection(connectionType: string, connector: Connector): boolean {
  return (
    connectionType === connector.id ||
    (connectionType === categoryConnectionType(connector.category) && connector.port !== undefined)
  );
}

export type { ConnectorRequest };
