// Starts chat turns as workflows on the flow workers' task queue, where the agent loop's
// activities live. The workflow id is `tenant/conversation/turn`, like a run's, and carries the
// tenant's search attribute, so no id can reach another tenant's turn.
import { Connection } from '@temporalio/client';
import type { Config } from '@bizosaas/shared/config';
import {
  AGENT_CHAT_WORKFLOW,
  createRunClient,
  runSearchAttributes,
  runWorkflowId,
  type ChatTurnInput,
} from '@bizosaas/runtime';

export interface ChatEngine {
  /** Starts the turn; returns its workflow id. */
  start(input: ChatTurnInput): Promise<string>;
  close(): Promise<void>;
}

export function chatWorkflowId(tenantId: string, conversationId: string, turnId: string): string {
  return runWorkflowId(tenantId, conversationId, turnId);
}

export async function openChatEngine(config: Config): Promise<ChatEngine> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = await createRunClient(config, connection);
  return {
    async start(input) {
      const workflowId = chatWorkflowId(input.tenantId, input.conversationId, input.turnId);
      await client.workflow.start(AGENT_CHAT_WORKFLOW, {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId,
        args: [input],
        typedSearchAttributes: runSearchAttributes({
          tenantId: input.tenantId,
          flowId: input.conversationId,
          flowVersion: 0,
        }),
      });
      return workflowId;
    },
    close: () => connection.close(),
  };
}
