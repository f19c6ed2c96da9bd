import type { Page } from 'playwright-core';
import { CSRF_COOKIE, CSRF_HEADER } from '@bizosaas/shared';

/**
 * Calls the API from the signed-in page, as the editor does (session cookie, CSRF header): for
 * set-up that the interface would make long-winded, such as drawing a flow node by node.
 */
export function apiCall<T>(
  page: Page,
  path: string,
  input: unknown,
  type: 'query' | 'mutation' = 'mutation',
): Promise<T> {
  return page.evaluate(
    async ({ path, input, type, csrfCookie, csrfHeader }) => {
      const csrf = document.cookie
        .split('; ')
        .find((c) => c.startsWith(`${csrfCookie}=`))
        ?.slice(csrfCookie.length + 1);
      const response =
        type === 'query'
          ? await fetch(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`)
          : await fetch(`/trpc/${path}`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                [csrfHeader]: decodeURIComponent(csrf ?? ''),
              },
              body: JSON.stringify(input),
            });
      const body = (await response.json()) as { result?: { data: unknown }; error?: unknown };
      if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data;
    },
    { path, input, type, csrfCookie: CSRF_COOKIE, csrfHeader: CSRF_HEADER },
  ) as Promise<T>;
}

/** Graph builders for flows set up through the API. */
export const node = (nodeId: string, type: string, name: string, x: number, params = {}) => ({
  id: nodeId,
  type,
  typeVersion: 1,
  name,
  position: { x, y: 0 },
  params,
  onError: 'fail',
});
export const edge = (source: string, target: string, sourceOutput = 'main') => ({
  id: `${source}-${target}`,
  source,
  sourceOutput,
  target,
  targetInput: 'main',
});
export const graph = (nodes: unknown[], edges: unknown[]) => ({
  schemaVersion: 2,
  nodes,
  edges,
  settings: { variables: {} },
});
