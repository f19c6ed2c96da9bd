import type {
  ConnectorRequest,
  ConnectorResponse,
  Page,
  PageRequest,
} from '../connectors/sdk/http.js';

/** The value at a dotted path (`paging.next.after`); the whole value for an empty path. */
export function valueAt(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function nextLink(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel="?(?:[^";]*\s)?next(?:\s[^";]*)?"?/i.test(match[2] ?? ''))
      return match[1];
  }
  return undefined;
}

function itemsOf(body: unknown, path: string | undefined): unknown[] {
  const items = valueAt(body, path);
  return Array.isArray(items) ? items : [];
}

/**
 * Walks pages with `send` (one request each) until `limit` items or the last page. Each request
 * asks for no more than what is still missing, so a page never has to be cut and `nextCursor`
 * resumes exactly after the last item returned.
 */
export async function paginate<T>(
  base: ConnectorRequest,
  page: PageRequest,
  send: (request: ConnectorRequest) => Promise<ConnectorResponse>,
): Promise<Page<T>> {
  const { pagination: spec, limit } = page;
  const items: unknown[] = [];
  let cursor = page.cursor;
  for (;;) {
    const want = Math.min(page.pageSize, limit - items.length);
    const query = { ...base.query };
    let request: ConnectorRequest = { ...base, query };
    switch (spec.style) {
      case 'cursor':
        if (cursor) query[spec.cursorParam] = cursor;
        if (spec.limitParam) query[spec.limitParam] = want;
        break;
      case 'offset':
        query[spec.offsetParam] = Number(cursor ?? 0);
        query[spec.limitParam] = want;
        break;
      case 'page':
        query[spec.pageParam] = Number(cursor ?? spec.firstPage ?? 1);
        query[spec.limitParam] = want;
        break;
      case 'link':
        if (spec.limitParam) query[spec.limitParam] = want;
        // The next link carries every parameter itself.
        if (cursor) request = { ...base, path: cursor, query: {} };
        break;
    }
    const response = await send(request);
    const got = itemsOf(response.body, spec.itemsPath);
    items.push(...got.slice(0, limit - items.length));
    let next: string | undefined;
    switch (spec.style) {
      case 'cursor': {
        const value = spec.lastItemField
          ? valueAt(got[got.length - 1], spec.lastItemField)
          : valueAt(response.body, spec.nextCursorPath);
        const more = spec.hasMorePath ? valueAt(response.body, spec.hasMorePath) === true : true;
        next =
          !more || value === undefined || value === null || value === ''
            ? undefined
            : String(value);
        break;
      }
      case 'offset':
        next = got.length < want ? undefined : String(Number(cursor ?? 0) + got.length);
        break;
      case 'page': {
        const more = spec.hasMorePath ? valueAt(response.body, spec.hasMorePath) !== false : true;
        next =
          got.length < want || !more
            ? undefined
            : String(Number(cursor ?? spec.firstPage ?? 1) + 1);
        break;
      }
      case 'link':
        next = nextLink(response.headers.link);
        break;
    }
    // A vendor that hands back the cursor it was given would loop forever: that is the end too.
    if (next === undefined || got.length === 0 || next === cursor) return { items: items as T[] };
    if (items.length >= limit) return { items: items as T[], nextCursor: next };
    cursor = next;
  }
}
