// One nesting-depth limit for every JSON document the platform accepts (webhook bodies, tRPC
// inputs), checked on the raw text before anything parses it. Deeper documents parse fine but
// then overflow the stack of whatever walks them recursively (zod, the payload codec, Temporal's
// converters), which surfaced as 500s and 503s instead of a refusal of the input.
import type { Request } from 'express';
import { AppError } from '../errors.js';

/** Arrays and objects nested in each other, at most; real payloads stay far below it. */
export const JSON_MAX_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** How deep `text` nests arrays and objects, counting only brackets outside strings. */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return deepest;
}

/** Throws BAD_REQUEST when `text` nests deeper than JSON_MAX_DEPTH; `what` names the document. */
export function ensureJsonDepth(text: string, what: string): void {
  if (jsonDepth(text, JSON_MAX_DEPTH) > JSON_MAX_DEPTH)
    throw new AppError(
      'BAD_REQUEST',
      `${what} nests arrays and objects deeper than ${JSON_MAX_DEPTH} levels (the limit)`,
      { maxDepth: JSON_MAX_DEPTH },
    );
}

/**
 * Checks a tRPC call's input before tRPC parses it: the GET `input` parameter, or the POST body,
 * which the tRPC mount reads as text first (tRPC then takes it from `req.body`).
 */
export function ensureTrpcInputDepth(req: Request): void {
  const input = new URL(req.originalUrl, 'http://local').searchParams.get('input');
  if (input !== null) ensureJsonDepth(input, 'input');
  if (typeof req.body === 'string') ensureJsonDepth(req.body, 'request body');
}
