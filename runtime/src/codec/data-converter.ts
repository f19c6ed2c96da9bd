import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec.js';
import type { CodecKeyring } from './keys.js';

/**
 * Temporal takes the failure converter as a module path rather than an object, because the workflow
 * sandbox must bundle it; the worker and clients then require() the same file. A worker started from
 * a prebuilt bundle must pass this path to `bundleWorkflowCode` too, or workflow failures stay plaintext.
 */
export const failureConverterPath = fileURLToPath(
  new URL('./failure-converter.js', import.meta.url),
);

/**
 * The one data converter the worker and every client use: payloads encrypted, failure messages and
 * stack traces encoded into payloads so they are encrypted as well.
 *
 * @example
 * const dataConverter = createDataConverter({ current: codecKeyFromBase64('k1', config.codecKey) });
 * const worker = await Worker.create({ connection, taskQueue, workflowsPath, activities, dataConverter });
 * const client = new Client({ connection, dataConverter });
 */
export function createDataConverter(keyring: CodecKeyring): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(keyring)],
    failureConverterPath,
  };
}
