import type { ActionContext } from '../../src/executor.js';
import type { OutboundPolicy } from '../../src/http/ssrf-guard.js';

/** The context the runtime's executeNode activity builds, for calling an executor directly. */
export function actionContext(
  params: unknown,
  credentials: Record<string, unknown>,
  outbound: OutboundPolicy,
  extra: Partial<ActionContext<unknown>> = {},
): ActionContext<unknown> {
  return {
    params,
    input: {},
    credentials,
    idempotencyKey: 'acme-run-1:node-1',
    signal: new AbortController().signal,
    heartbeat: () => undefined,
    outbound,
    maxOutputBytes: 1024 * 1024,
    attempt: 1,
    ...extra,
  };
}
