import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
// @temporalio/proto is CommonJS: Node's ESM loader sees only its default export (a named import works
// under vitest's interop but fails in the worker process started with `node --import tsx`).
import proto from '@temporalio/proto';
import { CodecKeyError, type CodecKey, type CodecKeyring } from './keys.js';

const { temporal } = proto;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA_KEY = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored payload that cannot be decrypted: unknown key, tampered bytes or wrong key material. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/**
 * Encrypts every payload with AES-256-GCM. The whole original payload (metadata included) is sealed,
 * so not even its encoding leaks; the key id travels in clear metadata so keys can rotate.
 *
 * @example
 * const codec = new EncryptionCodec({ current: codecKeyFromBase64('k2', k2), retired: [oldKey] });
 * const [stored] = await codec.encode([payload]);
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly current: CodecKey;
  private readonly byId: ReadonlyMap<string, CodecKey>;

  constructor(keyring: CodecKeyring) {
    const all = [keyring.current, ...(keyring.retired ?? [])];
    const byId = new Map<string, CodecKey>();
    for (const key of all) {
      if (key.key.length !== 32) {
        throw new CodecKeyError(
          `codec key '${key.id}' must be 32 bytes for AES-256, got ${key.key.length}`,
        );
      }
      if (byId.has(key.id)) {
        throw new CodecKeyError(`codec key id '${key.id}' appears twice in the keyring`);
      }
      byId.set(key.id, key);
    }
    this.current = keyring.current;
    this.byId = byId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(id));
    const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([
      iv,
      cipher.update(plaintext),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: textEncoder.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA_KEY]: textEncoder.encode(id),
      },
      data: new Uint8Array(sealed),
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    // History written before encryption was switched on must stay readable.
    if (encoding === undefined || textDecoder.decode(encoding) !== ENCRYPTED_ENCODING) {
      return payload;
    }
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA_KEY];
    if (keyIdBytes === undefined) {
      throw new PayloadDecryptionError(
        `encrypted payload has no '${KEY_ID_METADATA_KEY}' metadata`,
      );
    }
    const keyId = textDecoder.decode(keyIdBytes);
    const codecKey = this.byId.get(keyId);
    if (codecKey === undefined) {
      throw new PayloadDecryptionError(
        `encrypted payload uses unknown key id '${keyId}'; known ids: ${[...this.byId.keys()].join(', ')}`,
      );
    }
    const sealed = payload.data ?? new Uint8Array();
    if (sealed.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`encrypted payload (key id '${keyId}') is truncated`);
    }
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const ciphertext = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
    const decipher = createDecipheriv(CIPHER, codecKey.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(keyId));
    decipher.setAuthTag(tag);
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `encrypted payload failed authentication with key id '${keyId}': it was altered or the key material is wrong`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plaintext);
  }
}

// Binding the key id into the tag rejects a payload relabelled with another id, even one sharing key material.
function associatedData(keyId: string): Uint8Array {
  return textEncoder.encode(`${ENCRYPTED_ENCODING};${keyId}`);
}
