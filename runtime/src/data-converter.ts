import type { DataConverter } from '@temporalio/common';
import type { Config } from '@bizosaas/shared/config';
import {
  codecKeyFromBase64,
  createDataConverter,
  createJsonSealer,
  type CodecKeyring,
  type JsonSealer,
} from './codec/index.js';

type KeyConfig = Pick<Config, 'PAYLOAD_ENCRYPTION_KEY' | 'PAYLOAD_ENCRYPTION_KEY_ID'>;

function keyringFromConfig(config: KeyConfig): CodecKeyring {
  if (!config.PAYLOAD_ENCRYPTION_KEY) {
    throw new Error('PAYLOAD_ENCRYPTION_KEY is not set: Temporal payloads must be encrypted');
  }
  return {
    current: codecKeyFromBase64(config.PAYLOAD_ENCRYPTION_KEY_ID, config.PAYLOAD_ENCRYPTION_KEY),
  };
}

/** The payload codec every worker and client of this deployment must share. */
export function dataConverterFromConfig(config: KeyConfig): DataConverter {
  return createDataConverter(keyringFromConfig(config));
}

/** Seals JSON with the same keys, for what waits outside Temporal before it becomes run input. */
export function jsonSealerFromConfig(config: KeyConfig): JsonSealer {
  return createJsonSealer(keyringFromConfig(config));
}
