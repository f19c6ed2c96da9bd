// The worker's workflowsPath: every workflow type this task queue serves.
export { runFlow } from './run-flow.js';
export { pollTrigger } from './poll-trigger.js';
export { agentChatTurn } from './agent-chat.js';
