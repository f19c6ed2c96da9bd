// Turning whatever a node threw into a stable `{ code, message }` and into the failure a run ends
// with. Sandbox-safe.
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  TimeoutFailure,
} from '@temporalio/workflow';
import { ExpressionError } from '@bizosaas/shared';
import { NodeError, NodeErrorCode } from '@bizosaas/nodes';
import type { NodeErrorInfo } from './contract.js';

/** Marks the failure a node raised with `onError: fail`, so enclosing loops pass it on unchanged. */
export const NODE_FAILURE_DETAIL = 'bizosaas.node-failure';

export function describeError(error: unknown): NodeErrorInfo {
  if (error instanceof NodeError) return { code: error.code, message: error.message };
  if (error instanceof ExpressionError) {
    const code =
      error.code === 'EXPRESSION_BUDGET'
        ? NodeErrorCode.EXPRESSION_BUDGET
        : NodeErrorCode.EXPRESSION;
    return { code, message: error.message };
  }
  if (error instanceof ActivityFailure || error instanceof ChildWorkflowFailure) {
    if (error.cause instanceof TimeoutFailure) {
      return {
        code: NodeErrorCode.TIMEOUT,
        message: `timed out (${error.cause.timeoutType ?? 'timeout'})`,
      };
    }
    return describeError(error.cause);
  }
  if (error instanceof ApplicationFailure) {
    return { code: error.type ?? NodeErrorCode.NODE_FAILED, message: error.message };
  }
  if (isZodError(error)) {
    const issues = error.issues.map((i) =>
      i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message,
    );
    return { code: NodeErrorCode.INVALID_PARAMS, message: issues.join('; ') };
  }
  return {
    code: NodeErrorCode.NODE_FAILED,
    message: error instanceof Error ? error.message : String(error),
  };
}

/** The failure that ends a run when a node with `onError: fail` fails. */
export function runFailure(nodeName: string, key: string, error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure && error.details?.[0] === NODE_FAILURE_DETAIL)
    return error;
  const { code, message } = describeError(error);
  return ApplicationFailure.create({
    type: code,
    message: `node "${nodeName}" failed: ${message}`,
    nonRetryable: true,
    details: [NODE_FAILURE_DETAIL, key],
    cause: error instanceof Error ? error : undefined,
  });
}

function isZodError(
  error: unknown,
): error is { issues: { path: PropertyKey[]; message: string }[] } {
  return (
    error instanceof Error &&
    error.name === 'ZodError' &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}
