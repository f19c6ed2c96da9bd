// Page tokens of runs.list: Temporal's opaque visibility token with an HMAC in front, bound to the
// query it continues. Temporal answers a token it cannot read with the same UNKNOWN error as an
// outage, so a forged or mangled token must be refused before it reaches Temporal.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

const MAC_BYTES = 16;

export function pageTokens(payloadKeyBase64: string) {
  // A key of its own, derived from the deployment's payload key: one secret to manage, and a
  // page token never reveals anything about the payload codec's key.
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(payloadKeyBase64, 'base64'), '', 'bizosaas runs page token', 32),
  );
  const mac = (query: string, token: Uint8Array) =>
    createHmac('sha256', key)
      .update(query)
      .update('\0')
      .update(token)
      .digest()
      .subarray(0, MAC_BYTES);

  return {
    /** The token handed to the client for Temporal's `token` of `query`. */
    issue(query: string, token: Uint8Array): string {
      return Buffer.concat([mac(query, token), token]).toString('base64url');
    },
    /** Temporal's token back, or BAD_REQUEST if this API did not issue `sent` for `query`. */
    open(query: string, sent: string): Uint8Array {
      const bytes = Buffer.from(sent, 'base64url');
      const token = bytes.subarray(MAC_BYTES);
      if (
        bytes.length <= MAC_BYTES ||
        bytes.toString('base64url') !== sent ||
        !timingSafeEqual(bytes.subarray(0, MAC_BYTES), mac(query, token))
      )
        throw new AppError(
          'BAD_REQUEST',
          'pageToken: not a token this API returned for this query',
        );
      return token;
    },
  };
}
