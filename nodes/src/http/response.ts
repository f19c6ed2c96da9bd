import { NodeError, NodeErrorCode } from '../node-error.js';
import { RedirectError, SsrfRefusedError } from './ssrf-guard.js';

// What every outbound caller (the HTTP Request node, the connector client) does with a request that
// failed to complete and with a response body: one set of error codes, one capped read.

/** Turns a failed fetch into a NodeError; cancellation passes through untouched (the runtime's business). */
export function requestError(error: unknown, host: string, signal: AbortSignal): unknown {
  if (signal.aborted) return error;
  if (error instanceof NodeError) return error;
  if (error instanceof SsrfRefusedError || error instanceof RedirectError) {
    return new NodeError(NodeErrorCode.SSRF_REFUSED, error.message);
  }
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new NodeError(NodeErrorCode.TIMEOUT, `request to ${host} timed out`, {
      retryable: true,
    });
  }
  if (error instanceof TypeError && /invalid url|credentials/i.test(error.message)) {
    return new NodeError(NodeErrorCode.INVALID_PARAMS, error.message);
  }
  // Connection refused, reset, DNS failure: worth retrying; the cause stays out of the message.
  return new NodeError(NodeErrorCode.NETWORK, `request to ${host} failed (${causeCode(error)})`, {
    retryable: true,
  });
}

function causeCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : (error as Error).name;
}

/** `Retry-After` in seconds or as an HTTP date, as milliseconds from now. */
export function retryAfterMs(header: string | null | undefined): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The part of a fetch Response (undici's or the global one) a capped read needs. */
export interface ReadableResponse {
  body: { cancel(): Promise<void> } | null;
  headers: { get(name: string): string | null };
}

/**
 * Reads the body, but no further than `limit` bytes: a huge response fails with PAYLOAD_TOO_LARGE
 * before anything is parsed (a declared Content-Length over the limit fails before reading).
 */
export async function readCapped(
  response: ReadableResponse,
  limit: number,
  host: string,
): Promise<string> {
  if (!response.body) return '';
  const tooLarge = () =>
    new NodeError(
      NodeErrorCode.PAYLOAD_TOO_LARGE,
      `response from ${host} is larger than the ${limit}-byte node output limit`,
    );
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(text: string, host: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new NodeError(NodeErrorCode.INVALID_OUTPUT, `response from ${host} is not valid JSON`);
  }
}
