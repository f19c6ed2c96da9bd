export {
  CSRF_COOKIE,
  CSRF_HEADER,
  RUN_FILTER_STATUSES,
  type NodeErrorInfo,
  type NodeRunState,
  type NodeStatus,
  type RunStatus,
} from './api-contract.js';
export { NodeCatalog } from './catalog.js';
export {
  compile,
  definitionHash,
  DEFINITION_VERSION,
  validateAndCompile,
  type DefinitionNode,
  type DefinitionScope,
  type FlowDefinition,
  type LoopBody,
  type Successor,
} from './compile.js';
export type { ParamExpression } from './analyze.js';
export { FlowValidationError, ProblemCode, type Problem, type Severity } from './errors.js';
export {
  DEFAULT_BUDGET,
  evaluateExpression,
  evaluateTemplate,
  ExpressionError,
  expressionReferences,
  isTemplate,
  MAX_SEQUENCE,
  parseTemplate,
  WORKFLOW_BUDGET,
  type EvaluateOptions,
  type EvaluationBudget,
  type ExpressionContext,
  type ExpressionErrorCode,
  type ExpressionLocation,
  type ExpressionPart,
  type ExpressionReference,
  type RunInfo,
  type StepMeter,
  type Template,
} from './expressions.js';
export {
  CURRENT_SCHEMA_VERSION,
  EdgeSchema,
  FlowGraphSchema,
  FlowSettingsSchema,
  JsonValueSchema,
  NodeInstanceSchema,
  OnErrorSchema,
  PositionSchema,
  RetryPolicySchema,
  StickyNoteSchema,
  type Edge,
  type FlowGraph,
  type FlowGraphInput,
  type FlowSettings,
  type JsonObject,
  type JsonValue,
  type NodeInstance,
  type OnError,
  type RetryPolicy,
  type StickyNote,
} from './flow-graph.js';
export { canonicalJson, contentHash } from './hash.js';
export { exportFlow, importFlow, type ImportResult } from './import-export.js';
export {
  outputJsonSchema,
  paramsJsonSchema,
  paramWidget,
  schemaHasPath,
  type JsonSchema,
  type ParamWidget,
} from './json-schema.js';
export {
  defineNode,
  ERROR_OUTPUT,
  nodeTypeKey,
  type ControlContext,
  type ControlEffect,
  type ControlResult,
  type InputPort,
  type JoinMode,
  type NodeKind,
  type NodeType,
  type NodeTypeSpec,
  type OutputPort,
} from './node-type.js';
export {
  describeNodeType,
  nodeTypeFromDescription,
  type NodeTypeDescription,
} from './node-type-description.js';
export {
  checkParams,
  humanizeKey,
  paramIssueText,
  paramLabel,
  type ParamIssue,
} from './param-issues.js';
export { definitionNodes } from './definition-nodes.js';
export { resolveParams, resolveParamsInTurns } from './resolve-params.js';
export { ROLE_GROUPS, ROLES, type Role } from './roles.js';
export { completeNode, startScope, type ScopeState, type ScopeStep } from './scheduler.js';
export { validate } from './validate.js';
