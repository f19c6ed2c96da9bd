import { NodeError, NodeErrorCode } from '../../node-error.js';
import { genericMessage } from '../../http/connector-client.js';
import { parseJson, readCapped, requestError, retryAfterMs } from '../../http/response.js';
import { guardedFetch, type OutboundPolicy } from '../../http/ssrf-guard.js';

export interface ModelFetchOptions {
  /** The vendor's name for messages ("OpenAI"). */
  title: string;
  /** The only host (`name` or `name:port`) the connection reaches; the SSRF guard applies on top. */
  host: string;
  outbound: OutboundPolicy;
  /** Ends every request of the call (the activity's cancellation). */
  signal: AbortSignal;
  /** Values that must never reach a message (the API key). */
  secrets: readonly string[];
  timeoutMs: number;
  /** Drops the Authorization header (an OpenAI-compatible server without a key: the SDK insists on one). */
  dropAuthorization?: boolean;
}

const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * The `fetch` handed to each vendor SDK: every request goes through the platform's guarded fetch
 * (SSRF guard, the tenant's outbound policy, the connection's host only), and a vendor refusal
 * becomes a NodeError with the platform's codes right here, so the taxonomy does not depend on how
 * each SDK words its errors. The SDK wraps what this throws; `modelError` finds it again.
 */
export function modelFetch(options: ModelFetchOptions) {
  return async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    // The SDKs pass a URL and an init; a Request (the Fetch type allows one) is read into the same.
    if (input instanceof Request) {
      const hasBody = input.method !== 'GET' && input.method !== 'HEAD';
      init = {
        method: input.method,
        headers: input.headers,
        signal: input.signal,
        ...(hasBody ? { body: await input.text() } : {}),
        ...init,
      };
    }
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.host !== options.host) {
      throw new NodeError(
        NodeErrorCode.HOST_NOT_ALLOWED,
        `${url.host} is not the host a ${options.title} connection reaches (${options.host})`,
      );
    }
    const headers = new Headers(init.headers);
    if (options.dropAuthorization) headers.delete('authorization');
    const signal = init.signal ? AbortSignal.any([options.signal, init.signal]) : options.signal;
    let response;
    try {
      response = await guardedFetch(
        url,
        {
          method: init.method ?? 'GET',
          headers: Object.fromEntries(headers),
          body: init.body as string | undefined,
          signal,
          timeoutMs: options.timeoutMs,
          checkHop: (hop) => {
            if (hop.host !== options.host)
              throw new NodeError(
                NodeErrorCode.HOST_NOT_ALLOWED,
                `${options.title} redirected to ${hop.host}, outside the connection's host`,
              );
          },
        },
        options.outbound,
      );
    } catch (error) {
      throw requestError(error, url.host, signal);
    }
    if (!response.ok) throw await statusError(response, url.host, options);
    return response as unknown as Response;
  };
}

type GuardedResponse = Awaited<ReturnType<typeof guardedFetch>>;

async function statusError(
  response: GuardedResponse,
  host: string,
  options: ModelFetchOptions,
): Promise<NodeError> {
  const text = await readCapped(response, ERROR_BODY_LIMIT, host).catch(() => '');
  let body: unknown = text;
  try {
    body = parseJson(text, host);
  } catch {
    // An HTML error page: its text is the message.
  }
  const vendor = genericMessage(body);
  const status = response.status;
  const message = redact(
    `${options.title} answered HTTP ${status}${vendor ? `: ${vendor}` : ''}`,
    options.secrets,
  );
  const wait = waitMs(response, body);
  const delay = wait === undefined ? {} : { retryAfterMs: wait };
  if (status === 401 || status === 403 || googleReason(body) === 'API_KEY_INVALID')
    return new NodeError(NodeErrorCode.AUTH_FAILED, message);
  if (status === 429)
    return new NodeError(NodeErrorCode.RATE_LIMITED, message, { retryable: true, ...delay });
  if (status >= 500 || status === 408)
    return new NodeError(NodeErrorCode.VENDOR_UNAVAILABLE, message, { retryable: true, ...delay });
  return new NodeError(NodeErrorCode.VENDOR_ERROR, message);
}

// Google's error details (google.rpc.ErrorInfo, RetryInfo, …), empty for other vendors.
function googleDetails(body: unknown): { reason?: unknown; retryDelay?: unknown }[] {
  const details = (body as { error?: { details?: unknown } } | null)?.error?.details;
  return Array.isArray(details) ? (details as { reason?: unknown }[]) : [];
}

// Gemini refuses a bad key with 400 INVALID_ARGUMENT; its ErrorInfo says why.
function googleReason(body: unknown): unknown {
  return googleDetails(body).find((d) => typeof d?.reason === 'string')?.reason;
}

// OpenAI can send `retry-after-ms` beside `retry-after` (its SDKs read both); Gemini puts the
// delay in the body's RetryInfo ("retryDelay": "30s").
function waitMs(response: GuardedResponse, body: unknown): number | undefined {
  const ms = Number(response.headers.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const header = retryAfterMs(response.headers.get('retry-after'));
  if (header !== undefined) return header;
  for (const detail of googleDetails(body)) {
    const match = /^(\d+(?:\.\d+)?)s$/.exec(String(detail?.retryDelay ?? ''));
    if (match) return Math.round(Number(match[1]) * 1000);
  }
  return undefined;
}

// Vendors echo part of a refused key ("Incorrect API key provided: sk-abc1****wxyz"): the key and
// anything shaped like one are cut from every message.
const KEY_SHAPED = /\b(?:sk-|gsk_|AIza|xai-)[\w*.-]+/g;

export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out.replace(KEY_SHAPED, '[redacted]');
}

/**
 * The platform error behind what an SDK threw: the NodeError `modelFetch` raised (SDKs keep it as
 * the cause), else a failure with the SDK's message. Cancellation passes through untouched.
 */
export function modelError(
  error: unknown,
  context: { title: string; signal: AbortSignal; secrets: readonly string[] },
): unknown {
  if (context.signal.aborted) return error;
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof NodeError) return e;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NodeError(
    NodeErrorCode.NODE_FAILED,
    redact(`the ${context.title} model call failed: ${message}`, context.secrets),
    { cause: error },
  );
}
