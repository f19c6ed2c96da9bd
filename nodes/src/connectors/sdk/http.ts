// The connector HTTP client as connectors see it. The implementation (SSRF guard, auth, refresh,
// rate limit, error taxonomy) is Node-only and lives in nodes/src/http/connector-client.ts; these
// are types only, so connector folders stay importable inside the workflow sandbox.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue =
  string | number | boolean | undefined | null | readonly (string | number)[];

export interface ConnectorRequest {
  method: HttpMethod;
  /** Relative to the connection's base URL (`/crm/v3/objects/contacts`), or an absolute URL on an allowed host. */
  path: string;
  /** Entries whose value is undefined or null are left out; arrays repeat the parameter. */
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded` (Stripe, Slack); nested objects use `a[b]=` brackets. */
  form?: Record<string, unknown>;
  headers?: Record<string, string>;
  /**
   * The header that carries the run's idempotency key (`Idempotency-Key` for Stripe), so a retried
   * attempt of a write the vendor already applied is not applied twice.
   */
  idempotencyHeader?: string;
  /** `json` (default) parses the body, `text` returns it as read. */
  responseType?: 'json' | 'text';
}

export interface ConnectorResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

/** How a list endpoint pages. Each reads the items at `itemsPath` (dotted, e.g. `data` or `results`). */
export type PaginationSpec =
  /**
   * The response names the next cursor (`nextCursorPath`, e.g. `paging.next.after`), or the cursor
   * is a field of the last item (`lastItemField`, Stripe's `starting_after` = the last id) while
   * `hasMorePath` says more follow.
   */
  | {
      style: 'cursor';
      cursorParam: string;
      itemsPath: string;
      nextCursorPath?: string;
      lastItemField?: string;
      hasMorePath?: string;
      limitParam?: string;
    }
  /** `offset`/`limit` query parameters. */
  | { style: 'offset'; offsetParam: string; limitParam: string; itemsPath: string }
  /** Numbered pages from `firstPage` (1 unless said). `hasMorePath` stops early when false. */
  | {
      style: 'page';
      pageParam: string;
      limitParam: string;
      itemsPath: string;
      firstPage?: number;
      hasMorePath?: string;
    }
  /** RFC 8288 `Link: <…>; rel="next"` headers (WordPress, Shopify REST, GitHub). */
  | { style: 'link'; limitParam?: string; itemsPath?: string };

export interface PageRequest {
  pagination: PaginationSpec;
  /** Stop after this many items. */
  limit: number;
  /** Items per request; the vendor's maximum is a good choice. */
  pageSize: number;
  /** Where to start (a cursor from an earlier page). */
  cursor?: string;
}

export interface Page<T = unknown> {
  items: T[];
  /** Pass it back as `cursor` for the next items; absent at the end. */
  nextCursor?: string;
}

/** The one client every connector talks through. Errors are `NodeError`s with the stable codes. */
export interface ConnectorHttp {
  request<T = unknown>(request: ConnectorRequest): Promise<ConnectorResponse<T>>;
  /** Follows the pagination style until `limit` items or the last page. */
  paginate<T = unknown>(request: ConnectorRequest, page: PageRequest): Promise<Page<T>>;
}
