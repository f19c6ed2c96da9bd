// Client-side and worker-side API of the runtime. The server uses the client part: createRunClient,
// startRun, runHandle, queryRunState, cancelRun, and the contract types.
export * from './codec/index.js';
export {
  cancelRun,
  createRunClient,
  queryRunState,
  runHandle,
  startRun,
  type RunHandle,
  type StartRunOptions,
} from './client.js';
export { dataConverterFromConfig } from './data-converter.js';
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
  runSearchAttributes,
  runWorkflowId,
  TENANT_ID,
  type CarriedState,
  type ExecuteNodeInput,
  type NodeErrorInfo,
  type NodeRunState,
  type NodeStatus,
  type RunMeta,
  type RunResult,
  type RunState,
  type RunStatus,
} from './workflows/contract.js';
