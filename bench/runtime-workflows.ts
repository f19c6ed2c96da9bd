// Workflows of the runtime bench: the interpreter, and the same ten steps written by hand around
// a plain activity (bench/runtime.ts registers `step` on a plain worker: no codec, no platform).
import { proxyActivities } from '@temporalio/workflow';

export { runFlow } from '@bizosaas/runtime/workflows';

const { step } = proxyActivities<{ step(input: { n?: number }): Promise<{ n: number }> }>({
  startToCloseTimeout: 300_000,
  heartbeatTimeout: 5_000,
  retry: { maximumAttempts: 3, initialInterval: 1_000, backoffCoefficient: 2 },
});

/** Ten `step` calls in a row, each fed the previous output: a 10-step chain without the platform. */
export async function handWritten(trigger: { n?: number }): Promise<unknown> {
  let data = trigger;
  for (let i = 1; i <= 10; i++) data = await step(data);
  return data;
}
