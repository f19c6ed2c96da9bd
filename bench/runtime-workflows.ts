// Workflows of the runtime bench: the interpreter, and the same ten steps written by hand.
import { proxyActivities } from '@temporalio/workflow';
import type { RunActivities, ExecuteNodeInput } from '@bizosaas/runtime';

export { runFlow } from '@bizosaas/runtime/workflows';

const { executeNode } = proxyActivities<RunActivities>({
  startToCloseTimeout: 300_000,
  heartbeatTimeout: 5_000,
  retry: { maximumAttempts: 3, initialInterval: 1_000, backoffCoefficient: 2 },
});

/** Ten `executeNode` calls in a row, each fed the previous output: what runFlow does for a 10-step chain. */
export async function handWritten(base: ExecuteNodeInput, trigger: unknown): Promise<unknown> {
  let data = trigger;
  for (let i = 1; i <= 10; i++) {
    data = await executeNode({
      ...base,
      nodeId: `s${i}`,
      nodeName: `s${i}`,
      input: data,
      idempotencyKey: `${base.runId}:s${i}`,
    });
  }
  return data;
}
