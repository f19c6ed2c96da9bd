// One application error type with a closed set of codes. Whatever a procedure or handler throws,
// the client sees one of these codes and a message written for it — never a stack trace.
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { z } from 'zod';
import { isDatabaseUnavailable } from './db/unavailable.js';

/** code → HTTP status and tRPC code. Codes are API: never rename or reuse one. */
export const APP_ERROR_CODES = {
  BAD_REQUEST: { status: 400, trpc: 'BAD_REQUEST' },
  UNAUTHENTICATED: { status: 401, trpc: 'UNAUTHORIZED' },
  FORBIDDEN: { status: 403, trpc: 'FORBIDDEN' },
  NOT_FOUND: { status: 404, trpc: 'NOT_FOUND' },
  METHOD_NOT_ALLOWED: { status: 405, trpc: 'METHOD_NOT_SUPPORTED' },
  CONFLICT: { status: 409, trpc: 'CONFLICT' },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: 'PAYLOAD_TOO_LARGE' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, trpc: 'UNSUPPORTED_MEDIA_TYPE' },
  /** A replayed Idempotency-Key came with another query or body than its first request. */
  IDEMPOTENCY_KEY_REUSED: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  /** The input is well-formed but the flow it describes is not valid; `details` lists the problems. */
  INVALID_FLOW: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  RATE_LIMITED: { status: 429, trpc: 'TOO_MANY_REQUESTS' },
  /** A synchronous webhook's flow run failed; the run id is in `details`. */
  RUN_FAILED: { status: 502, trpc: 'BAD_GATEWAY' },
  /** A dependency (PostgreSQL, Redis, Temporal, OpenBao) did not answer. */
  UNAVAILABLE: { status: 503, trpc: 'SERVICE_UNAVAILABLE' },
  /** The work was accepted but its result did not arrive in time. */
  TIMEOUT: { status: 504, trpc: 'GATEWAY_TIMEOUT' },
  INTERNAL: { status: 500, trpc: 'INTERNAL_SERVER_ERROR' },
} as const satisfies Record<string, { status: number; trpc: TRPC_ERROR_CODE_KEY }>;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Safe, structured detail for the client (validation problems, the current revision…). */
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return APP_ERROR_CODES[this.code].status;
  }

  /** When a refusal says to come back (RATE_LIMITED): sent as the Retry-After header too. */
  get retryAfterSeconds(): number | undefined {
    const seconds = (this.details as { retryAfterSeconds?: unknown } | undefined)
      ?.retryAfterSeconds;
    return typeof seconds === 'number' ? seconds : undefined;
  }
}

/** RATE_LIMITED, to retry in `msBeforeNext` (whole seconds, at least one); `says` words it. */
export function rateLimited(msBeforeNext: number, says: (seconds: number) => string): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', says(retryAfterSeconds), { retryAfterSeconds });
}

const BY_TRPC_CODE = new Map<string, AppErrorCode>(
  (Object.entries(APP_ERROR_CODES) as [AppErrorCode, { trpc: string }][]).map(([code, v]) => [
    v.trpc,
    code,
  ]),
);

/** A readable one-line summary of zod issues, e.g. `name: Too small; tenantId: unrecognized key`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}

/**
 * Normalises anything thrown into an AppError. Unknown errors become INTERNAL with a generic
 * message; the caller logs the original.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return new AppError('BAD_REQUEST', describeZodError(error));
  if (error instanceof TRPCError) {
    if (error.cause instanceof AppError) return error.cause;
    if (error.cause instanceof z.ZodError)
      return new AppError('BAD_REQUEST', describeZodError(error.cause), {
        issues: error.cause.issues.slice(0, 20).map((i) => ({ path: i.path, message: i.message })),
      });
    if (error.code === 'PARSE_ERROR')
      return new AppError('BAD_REQUEST', `malformed request: ${error.message}`);
    const code = BY_TRPC_CODE.get(error.code);
    // tRPC's own client errors (unknown procedure, wrong method) carry messages safe to show.
    if (code && code !== 'INTERNAL') return new AppError(code, error.message);
  }
  if (isDatabaseUnavailable(error))
    return new AppError('UNAVAILABLE', 'the database did not answer; try again shortly');
  if (isBodyParserError(error)) {
    return error.type === 'entity.too.large'
      ? new AppError('PAYLOAD_TOO_LARGE', 'request body is too large')
      : new AppError('BAD_REQUEST', `malformed request body: ${error.message}`);
  }
  return new AppError('INTERNAL', 'internal error');
}

function isBodyParserError(error: unknown): error is { type: string; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string' &&
    typeof (error as { status?: unknown }).status === 'number' &&
    (error as { status: number }).status < 500
  );
}

/** What a client receives for an error, over tRPC (`data`) and plain HTTP alike. */
export interface ErrorBody {
  code: AppErrorCode;
  message: string;
  requestId?: string;
  details?: unknown;
}

export function errorBody(error: AppError, requestId?: string): ErrorBody {
  return {
    code: error.code,
    message: error.message,
    ...(requestId ? { requestId } : {}),
    ...(error.details === undefined ? {} : { details: error.details }),
  };
}
