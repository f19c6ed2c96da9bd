import { defaultPayloadConverter, METADATA_ENCODING_KEY } from '@temporalio/common';
import type { JsonValue } from '@bizosaas/shared';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA_KEY } from './encryption-codec.js';
import type { CodecKeyring } from './keys.js';

/** A JSON value sealed by the payload codec: the key id, and the AES-256-GCM box in base64. */
export interface SealedJson {
  keyId: string;
  sealed: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Seals JSON that waits outside Temporal before it becomes workflow input (a webhook body queued in
 * Redis), with the codec and keys that encrypt workflow history, so it is no more readable there.
 */
export function createJsonSealer(keyring: CodecKeyring) {
  const codec = new EncryptionCodec(keyring);
  return {
    async seal(value: JsonValue): Promise<SealedJson> {
      const [box] = await codec.encode([defaultPayloadConverter.toPayload(value)]);
      return {
        keyId: decoder.decode(box!.metadata![KEY_ID_METADATA_KEY]),
        sealed: Buffer.from(box!.data!).toString('base64'),
      };
    },
    /** @throws PayloadDecryptionError for an unknown key id or altered bytes. */
    async open({ keyId, sealed }: SealedJson): Promise<JsonValue> {
      const [payload] = await codec.decode([
        {
          metadata: {
            [METADATA_ENCODING_KEY]: encoder.encode(ENCRYPTED_ENCODING),
            [KEY_ID_METADATA_KEY]: encoder.encode(keyId),
          },
          data: new Uint8Array(Buffer.from(sealed, 'base64')),
        },
      ]);
      return defaultPayloadConverter.fromPayload<JsonValue>(payload!);
    },
  };
}

export type JsonSealer = ReturnType<typeof createJsonSealer>;
