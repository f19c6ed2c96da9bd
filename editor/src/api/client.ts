import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { CSRF_COOKIE, CSRF_HEADER } from '@bizosaas/shared';
// Type-only: the editor ships none of the server's code, only its API's shape.
import type { AppRouter } from '@bizosaas/server/router';

export type Inputs = inferRouterInputs<AppRouter>;
export type Outputs = inferRouterOutputs<AppRouter>;

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * The one API client. Same origin, so the httpOnly session cookie travels by itself; every request
 * carries the CSRF header, which the server checks on mutations. One request per call (no
 * batching), which is what the server's tests exercise.
 */
const link = (init?: { keepalive: true }) =>
  httpLink({
    url: '/trpc',
    headers() {
      const token = csrfToken();
      return token ? { [CSRF_HEADER]: token } : {};
    },
    ...(init ? { fetch: (url, options) => fetch(url, { ...options, ...init }) } : {}),
  });

export const api = createTRPCClient<AppRouter>({ links: [link()] });

/**
 * The same API on requests that outlive the page (`keepalive`), with the same cookie and CSRF
 * header: for the last save as a tab closes. Browsers cap such bodies at 64 KiB in flight.
 */
export const keepaliveApi = createTRPCClient<AppRouter>({ links: [link({ keepalive: true })] });

/** The closed code the server attached to an error (`CONFLICT`, `NOT_FOUND`, …), if any. */
export function errorCode(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data = (error as TRPCClientError<AppRouter>).data as { code?: unknown } | undefined;
  return typeof data?.code === 'string' ? data.code : undefined;
}

/** Structured details the server sent with an error (`currentRevision`, `problems`, …). */
export function errorDetails<T>(error: unknown): T | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  return (error.data as { details?: T } | undefined)?.details;
}

/**
 * A message safe to show: the server's own for API errors, a generic one when no answer came
 * back, and the editor's own for its errors (a save that must be resolved first).
 */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError && error.data !== undefined) return error.message;
  if (error instanceof TRPCClientError || !(error instanceof Error))
    return 'The server could not be reached. Check your connection and try again.';
  return error.message;
}
