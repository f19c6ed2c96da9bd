// Workflows of the agent bench: the interpreter, and the Temporal floor of one agent run written
// by hand: the same eleven model calls and ten tool calls as plain activities on a plain worker
// (no codec, catalog, schemas, LangChain or decision log), with the agent loop's activity options.
import { proxyActivities } from '@temporalio/workflow';

export { runFlow } from '@bizosaas/runtime/workflows';

export interface FloorActivities {
  /** The scripted model's answer at this turn: a tool call's argument, or none to stop. */
  model(turn: number): Promise<{ n?: number }>;
  tool(n: number): Promise<{ n: number; price: number }>;
}

const { model, tool } = proxyActivities<FloorActivities>({
  startToCloseTimeout: 300_000,
  heartbeatTimeout: 5_000,
  retry: { maximumAttempts: 3, initialInterval: 1_000, backoffCoefficient: 2 },
});

/** Model, tool, model, tool, … until the model asks for no tool: the loop's activities alone. */
export async function agentFloor(): Promise<number> {
  for (let turn = 0; ; turn++) {
    const { n } = await model(turn);
    if (n === undefined) return turn + 1;
    await tool(n);
  }
}
