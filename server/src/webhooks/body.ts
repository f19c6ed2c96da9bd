// Webhook bodies are parsed strictly by their declared Content-Type; a body that disagrees with
// its type is refused, never guessed at.
import { AppError } from '../errors.js';
import { ensureJsonDepth } from '../http/json-depth.js';

export type WebhookBody = unknown;

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const URLENCODED = /^[\w.~%+=&*-]*$/;

function text(raw: Buffer): string {
  try {
    return UTF8.decode(raw);
  } catch {
    throw new AppError('BAD_REQUEST', 'body is not valid UTF-8');
  }
}

export function parseWebhookBody(contentType: string | undefined, raw: Buffer): WebhookBody {
  if (raw.length === 0 && !contentType) return null;
  if (!contentType)
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'a request with a body must declare its Content-Type',
    );
  const [mediaType = '', ...parameters] = contentType
    .split(';')
    .map((part) => part.trim().toLowerCase());
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8')
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `charset ${charset} is not supported; send UTF-8`);
  if (mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType)) {
    const json = text(raw);
    ensureJsonDepth(json, 'body');
    try {
      return JSON.parse(json) as unknown;
    } catch (error) {
      throw new AppError('BAD_REQUEST', `body is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    const body = text(raw);
    if (!URLENCODED.test(body))
      throw new AppError('BAD_REQUEST', 'body is not valid form-urlencoded data');
    const fields: Record<string, string | string[]> = Object.create(null) as Record<
      string,
      string | string[]
    >;
    for (const pair of body.split('&')) {
      if (!pair) continue;
      const [key = '', value = ''] = pair.split('=', 2).map((part) => {
        try {
          return decodeURIComponent(part.replace(/\+/g, ' '));
        } catch {
          throw new AppError('BAD_REQUEST', 'body has a malformed percent-escape');
        }
      });
      const existing = fields[key];
      fields[key] =
        existing === undefined
          ? value
          : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    return { ...fields };
  }
  if (mediaType === 'text/plain') return text(raw);
  throw new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Content-Type ${mediaType} is not accepted; send application/json, application/x-www-form-urlencoded or text/plain`,
  );
}
