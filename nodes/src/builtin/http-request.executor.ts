import { defineExecutor } from '../executor.js';
import { parseJson, readCapped, requestError, retryAfterMs } from '../http/response.js';
import { guardedFetch } from '../http/ssrf-guard.js';
import { NodeError, NodeErrorCode } from '../node-error.js';
import { HttpAuthCredentialsSchema, httpRequestNode } from './http-request.js';

/** Statuses worth another attempt: the server may answer differently later. */
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export const httpRequestExecutor = defineExecutor(httpRequestNode, async (ctx) => {
  const { params } = ctx;
  const url = new URL(params.url);
  for (const [key, value] of Object.entries(params.query))
    url.searchParams.append(key, String(value));
  const headers = new Headers(params.headers);
  if (ctx.credentials !== undefined) applyAuth(headers, ctx.credentials);
  // Forwarded so an API that supports idempotency keys ignores a retry of a call that went through.
  if (!headers.has('idempotency-key')) headers.set('idempotency-key', ctx.idempotencyKey);

  let body: string | undefined;
  switch (params.body.type) {
    case 'json':
      body = JSON.stringify(params.body.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      break;
    case 'form':
      body = new URLSearchParams(params.body.form).toString();
      if (!headers.has('content-type'))
        headers.set('content-type', 'application/x-www-form-urlencoded');
      break;
    case 'raw':
      body = params.body.raw;
      if (!headers.has('content-type')) headers.set('content-type', params.body.contentType);
      break;
    case 'none':
      break;
  }

  let response: Response;
  try {
    response = (await guardedFetch(
      url,
      {
        method: params.method,
        headers: Object.fromEntries(headers),
        body,
        timeoutMs: params.timeoutMs,
        signal: ctx.signal,
      },
      ctx.outbound,
    )) as unknown as Response;
  } catch (error) {
    throw requestError(error, url.host, ctx.signal);
  }

  if (params.failOnHttpError && response.status >= 400) {
    await response.body?.cancel();
    throw new NodeError(NodeErrorCode.HTTP_STATUS, `HTTP ${response.status} from ${url.host}`, {
      retryable: RETRYABLE_STATUS.has(response.status),
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    });
  }
  const text = await readCapped(response, ctx.maxOutputBytes, url.host);
  const contentType = response.headers.get('content-type') ?? '';
  const asJson =
    params.response === 'json' || (params.response === 'auto' && /[/+]json\b/.test(contentType));
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: asJson ? parseJson(text, url.host) : text,
  };
});

function applyAuth(headers: Headers, raw: Record<string, unknown>): void {
  const parsed = HttpAuthCredentialsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new NodeError(
      NodeErrorCode.INVALID_CREDENTIALS,
      'the connection does not hold http_auth credentials',
    );
  }
  const auth = parsed.data;
  if (auth.type === 'bearer') headers.set('authorization', `Bearer ${auth.token}`);
  else if (auth.type === 'basic') {
    headers.set(
      'authorization',
      `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
    );
  } else headers.set(auth.name, auth.value);
}
