// Client-side and worker-side API of the runtime. The server uses the client part: createRunClient,
// startRun, runHandle, queryRunState, cancelRun, and the contract types.
export * from './codec/index.js';
export {
  cancelRun,
  createRunClient,
  decideApproval,
  delegateApproval,
  queryRunState,
  runHandle,
  startRun,
  type RunHandle,
  type StartRunOptions,
} from './client.js';
export { dataConverterFromConfig, jsonSealerFromConfig } from './data-converter.js';
export {
  liveChatChannel,
  liveEventsChannel,
  redisLiveEvents,
  type ChatPartial,
  type LiveEvent,
  type LiveEvents,
} from './live-events.js';
export {
  ConnectionNotFoundError,
  ConnectionSecrets,
  connectionSecretPath,
  SecretsUnavailableError,
  type ConnectionSecretsOptions,
} from './secrets/index.js';
export {
  FLOW_ID,
  FLOW_VERSION,
  nodeRunKey,
  RUN_FLOW_WORKFLOW,
  RUN_STATE_QUERY,
  SCHEDULED_RUN_ID,
  runSearchAttributes,
  runWorkflowId,
  TENANT_ID,
  type CarriedState,
  type ExecuteNodeInput,
  type InterpreterStatus,
  type NodeErrorInfo,
  type NodeRunState,
  type NodeStatus,
  type RunMeta,
  type RunActivities,
  type RunResult,
  type RunState,
} from './workflows/contract.js';
export {
  POLL_TRIGGER_WORKFLOW,
  type PollTriggerActivities,
  type PollTriggerInput,
} from './workflows/poll-trigger-contract.js';
export type {
  AgentDecisionInput,
  AgentPlatformActivities,
  AgentToolOutcome,
} from './workflows/agent-contract.js';
export {
  DECIDE_UPDATE,
  decisionId,
  DecisionRefusal,
  decisionUpdateId,
  DEFAULT_PLATFORM_TASK_QUEUE,
  DELEGATE_UPDATE,
  type CloseTaskInput,
  type CreatedTask,
  type CreateTaskInput,
  type DecisionInput,
  type DecisionRecord,
  type DecisionResult,
  type DelegationInput,
  type DelegationResult,
  type NotifyChannels,
  type PlatformActivities,
  type TaskStatus,
} from './workflows/human-decision-contract.js';
export {
  AGENT_CHAT_WORKFLOW,
  type AppendChatMessagesInput,
  type ChatMessageInput,
  type ChatPlatformActivities,
  type ChatTurnInput,
  type ChatTurnResult,
  type FinishChatTurnInput,
} from './workflows/agent-chat-contract.js';
