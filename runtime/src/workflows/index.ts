// The worker's workflowsPath: every workflow type this task queue serves.
import type { ChatTurnInput, ChatTurnResult } from './agent-chat-contract.js';

export { runFlow } from './run-flow.js';
export { pollTrigger } from './poll-trigger.js';

/**
 * A chat turn's module (the personas, the agent loop) is evaluated by chat turns alone: the SDK
 * evaluates every module a workflow imports afresh for each workflow, flow runs included.
 * webpack's eager mode keeps it in the bundle and defers only its evaluation.
 */
export async function agentChatTurn(input: ChatTurnInput): Promise<ChatTurnResult> {
  const chat = await import(/* webpackMode: "eager" */ './agent-chat.js');
  return chat.agentChatTurn(input);
}
