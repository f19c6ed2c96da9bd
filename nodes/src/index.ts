// Pure entry point: node declarations and the catalog, importable inside the workflow sandbox.
// Executors (I/O) live behind `@bizosaas/nodes/executors`.
export { builtinCatalog, builtinNodes } from './catalog.js';
export { CONTROL_NODE_TYPES, loadControlNodes, RESPOND_WEBHOOK_TYPE } from './control-nodes.js';
export {
  ApprovalParamsSchema,
  approvalNode,
  AssigneesSchema,
  DECIDING_ROLES,
  durationMs,
  DurationSchema,
  FORM_FIELD_TYPES,
  FormFieldSchema,
  type ApprovalParams,
  type Assignees,
  type Duration,
  type FormField,
} from './builtin/approval.js';
export * from './agents/messages.js';
export * from './agents/personas/index.js';
export {
  crewNode,
  CrewOutputSchema,
  CrewParamsSchema,
  type CrewOutput,
  type CrewParams,
} from './agents/crew-node.js';
export {
  agentNode,
  AgentOutputSchema,
  AgentParamsSchema,
  AgentToolSchema,
  LLM_CONNECTION_TYPE,
  type AgentOutput,
  type AgentParams,
  type AgentTool,
} from './agents/agent-node.js';
export {
  AgentLimitsSchema,
  limitReached,
  timeLimitReached,
  type AgentLimits,
  type AgentSpend,
} from './agents/limits.js';
export {
  nodeTypeWrites,
  operationCategory,
  resolveTools,
  toolsForPersona,
  type ToolBinding,
} from './agents/tools.js';
export { delayNode } from './builtin/delay.js';
export { forEachNode, MAX_LOOP_CONCURRENCY } from './builtin/for-each.js';
export {
  HTTP_METHODS,
  HttpAuthCredentialsSchema,
  httpRequestNode,
  type HttpAuthCredentials,
} from './builtin/http-request.js';
export { ifNode } from './builtin/if.js';
export { mergeNode } from './builtin/merge.js';
export { noopNode } from './builtin/noop.js';
export {
  respondWebhookNode,
  WebhookResponseSchema,
  type WebhookResponse,
} from './builtin/respond-webhook.js';
export { setNode } from './builtin/set.js';
export { stopErrorNode } from './builtin/stop-error.js';
export { subFlowNode } from './builtin/sub-flow.js';
export { SWITCH_CASES, switchNode } from './builtin/switch.js';
export { manualTrigger, scheduleTrigger, webhookTrigger } from './builtin/triggers.js';
export { defineExecutor, type ActionContext, type NodeExecutor } from './executor.js';
export { NodeError, NodeErrorCode } from './node-error.js';
export type { OutboundPolicy } from './http/ssrf-guard.js';
export * from './connectors/sdk/index.js';
export { builtinConnectors, connectorNodeTypes, findConnector } from './connectors/index.js';
export * from './ports/canonical.js';
export * from './ports/ports.js';
export * from './ports/unified-nodes.js';
