// An agent node of a flow, run on the durable agent loop: its params become the loop's request.
import { z } from 'zod';
import { agentNode, NodeError, NodeErrorCode, type AgentOutput } from '@bizosaas/nodes';
import type { DefinitionNode } from '@bizosaas/shared';
import { runAgentLoop, type AgentLoopHooks } from './agent-loop.js';
import type { RunMeta } from './contract.js';
import { DEFAULT_PLATFORM_TASK_QUEUE } from './human-decision-contract.js';

export interface AgentNodeRun {
  node: DefinitionNode;
  /** The node's params, expressions resolved. */
  params: unknown;
  key: string;
  meta: RunMeta;
  maxOutputBytes: number;
}

/**
 * Runs one agent node to its output (the answer, steps, usage and cost; the transcript is in the
 * decision log, not in the run's state).
 *
 * @throws NodeError INVALID_PARAMS for params the node's schema refuses.
 */
export async function runAgentNode(run: AgentNodeRun, hooks: AgentLoopHooks): Promise<AgentOutput> {
  const parsed = agentNode.params.safeParse(run.params);
  if (!parsed.success)
    throw new NodeError(NodeErrorCode.INVALID_PARAMS, z.prettifyError(parsed.error));
  const params = parsed.data;
  const { meta, node } = run;
  const { messages: _, ...output } = await runAgentLoop(
    {
      tenantId: meta.tenantId,
      flowId: meta.flowId,
      runId: meta.runId,
      nodeKey: run.key,
      nodeId: node.id,
      nodeName: node.name,
      ...(params.persona !== '' ? { persona: params.persona } : {}),
      system: params.instructions,
      messages: [{ role: 'user', content: params.task }],
      ...(node.connectionId !== undefined ? { connectionId: node.connectionId } : {}),
      model: params.model,
      tools: params.tools,
      approvers: params.approvers,
      limits: params.limits,
      ...(params.outputSchema ? { outputSchema: params.outputSchema } : {}),
      outbound: meta.outbound,
      maxOutputBytes: run.maxOutputBytes,
      platformTaskQueue: meta.platformTaskQueue ?? DEFAULT_PLATFORM_TASK_QUEUE,
    },
    hooks,
  );
  return output;
}
