// A workflow that evaluates an expression as runFlow did before issue 12: within the default budget,
// sized for plain Node, which takes far longer than the deadlock timeout in the workflow sandbox.
import { evaluateExpression } from '@bizosaas/shared';

export async function unbudgetedExpression(source: string): Promise<unknown> {
  return evaluateExpression(source, {}, { budget: { maxDepth: 1_000_000, maxSteps: 1e12 } });
}

/** `$match` as JSONata ran it before issue 12: V8's backtracking engine, inside a microtask. */
export async function nativeBacktrack(subject: string): Promise<boolean> {
  await Promise.resolve();
  return /^(a+)+$/.test(subject);
}
