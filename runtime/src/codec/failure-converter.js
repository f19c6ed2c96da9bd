// Plain JavaScript on purpose: Temporal loads this module by path, both with webpack into the workflow
// sandbox and with Node's own require() in the worker and clients, and require() cannot load TypeScript.
import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Moves failure messages and stack traces into an encoded payload, so the payload codec encrypts them
 * too; Temporal otherwise stores them in plaintext.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
