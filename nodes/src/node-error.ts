import { z } from 'zod';

/**
 * A node failure with a stable code. Executors and control nodes throw it; the runtime turns the code
 * into the Temporal failure type (so retry policies can name it) and shows it on the run view. The
 * message must never carry a credential or a payload value: it is logged and shown to users.
 *
 * @example
 * throw new NodeError('HTTP_STATUS', 'HTTP 404 from api.example.com', { retryable: false });
 */
export class NodeError extends Error {
  override readonly name = 'NodeError';
  readonly code: NodeErrorCode | FlowErrorCode;
  readonly retryable: boolean;
  /** Server-chosen wait before the next attempt (e.g. Retry-After). */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: NodeErrorCode | FlowErrorCode,
    message: string,
    options: { retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Codes the runtime itself raises, so flows and tests can match on them. */
export const NodeErrorCode = {
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INVALID_PARAMS: 'INVALID_PARAMS',
  INVALID_OUTPUT: 'INVALID_OUTPUT',
  UNKNOWN_NODE_TYPE: 'UNKNOWN_NODE_TYPE',
  MISSING_CONNECTION: 'MISSING_CONNECTION',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  EXPRESSION: 'EXPRESSION',
  /** An expression ran out of its budget (steps, regex work, depth, string length, time). */
  EXPRESSION_BUDGET: 'EXPRESSION_BUDGET',
  STOPPED: 'STOPPED',
  SUB_FLOW_NOT_FOUND: 'SUB_FLOW_NOT_FOUND',
  UNSUPPORTED_NODE_KIND: 'UNSUPPORTED_NODE_KIND',
  TIMEOUT: 'TIMEOUT',
  SSRF_REFUSED: 'SSRF_REFUSED',
  HTTP_STATUS: 'HTTP_STATUS',
  NETWORK: 'NETWORK',
  /** The vendor refused the connection's credentials (401/403, a refused refresh): not retried. */
  AUTH_FAILED: 'AUTH_FAILED',
  /** The vendor's or the connection's rate limit: retried after the delay the vendor asked for. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The vendor refused the request (another 4xx), with its own message: not retried. */
  VENDOR_ERROR: 'VENDOR_ERROR',
  /** The vendor failed (5xx): retried. */
  VENDOR_UNAVAILABLE: 'VENDOR_UNAVAILABLE',
  /** The URL is outside the hosts the connection may reach. */
  HOST_NOT_ALLOWED: 'HOST_NOT_ALLOWED',
  /** The secrets engine did not answer for the connection's credentials: retried. */
  SECRETS_UNAVAILABLE: 'SECRETS_UNAVAILABLE',
  /** The run's definition is of a version this worker does not run. */
  UNSUPPORTED_DEFINITION: 'UNSUPPORTED_DEFINITION',
  /** An agent reached one of its limits (steps, tokens, time, cost): the message names which. */
  AGENT_LIMIT_REACHED: 'AGENT_LIMIT_REACHED',
  /** The embedded local model's file is missing or corrupt: the message says how to install it. */
  LOCAL_MODEL_UNAVAILABLE: 'LOCAL_MODEL_UNAVAILABLE',
  /** A second Respond to webhook node ran in a run whose call was already answered. */
  WEBHOOK_ALREADY_ANSWERED: 'WEBHOOK_ALREADY_ANSWERED',
  NODE_FAILED: 'NODE_FAILED',
} as const;
export type NodeErrorCode = (typeof NodeErrorCode)[keyof typeof NodeErrorCode];

/** A code the flow's author chose (a Stop-with-error node's), so a flow can match on its own. */
export const FlowErrorCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'UPPER_SNAKE_CASE')
  .brand<'FlowErrorCode'>();
export type FlowErrorCode = z.infer<typeof FlowErrorCodeSchema>;
