/** An AES-256 key and the id written next to every payload it encrypts. */
export interface CodecKey {
  readonly id: string;
  readonly key: Uint8Array;
}

/**
 * The keys a codec knows: `current` encrypts, every key (current and retired) decrypts, so a key can be
 * rotated without losing the history written under the previous one.
 */
export interface CodecKeyring {
  readonly current: CodecKey;
  readonly retired?: readonly CodecKey[];
}

/** A key that cannot be used; the message names the key id, never the key material. */
export class CodecKeyError extends Error {
  override readonly name = 'CodecKeyError';
}

const AES_256_KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Builds a codec key from base64 text, as config reads it from the secrets engine or from the env var
 * the dev stack writes.
 *
 * @example
 * const key = codecKeyFromBase64('2025-01', readConfig(process.env).PAYLOAD_ENCRYPTION_KEY);
 */
export function codecKeyFromBase64(id: string, base64: string): CodecKey {
  if (!KEY_ID.test(id)) {
    throw new CodecKeyError(
      `codec key id must be 1-64 characters of [A-Za-z0-9._-], got ${JSON.stringify(id)}`,
    );
  }
  const text = base64.trim();
  // Buffer.from silently skips characters outside the alphabet, which would turn a typo into a short key.
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new CodecKeyError(`codec key '${id}' is not valid base64`);
  }
  const key = new Uint8Array(Buffer.from(text, 'base64'));
  if (key.length !== AES_256_KEY_BYTES) {
    throw new CodecKeyError(
      `codec key '${id}' must decode to ${AES_256_KEY_BYTES} bytes for AES-256, got ${key.length}`,
    );
  }
  return { id, key };
}
