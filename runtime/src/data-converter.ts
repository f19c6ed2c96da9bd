import type { DataConverter } from '@temporalio/common';
import type { Config } from '@bizosaas/shared/config';
import { codecKeyFromBase64, createDataConverter } from './codec/index.js';

/** The payload codec every worker and client of this deployment must share. */
export function dataConverterFromConfig(
  config: Pick<Config, 'PAYLOAD_ENCRYPTION_KEY' | 'PAYLOAD_ENCRYPTION_KEY_ID'>,
): DataConverter {
  if (!config.PAYLOAD_ENCRYPTION_KEY) {
    throw new Error('PAYLOAD_ENCRYPTION_KEY is not set: Temporal payloads must be encrypted');
  }
  return createDataConverter({
    current: codecKeyFromBase64(config.PAYLOAD_ENCRYPTION_KEY_ID, config.PAYLOAD_ENCRYPTION_KEY),
  });
}
