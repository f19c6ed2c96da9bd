/**
 * The closed set of problems `validate` and `importFlow` report. Codes are stable API: the editor
 * and the server match on them, so a code is never renamed or reused for another meaning.
 */
export const ProblemCode = {
  /** The JSON text could not be parsed at all. */
  INVALID_JSON: 'INVALID_JSON',
  /** The document (or one node, edge or setting in it) does not match the flow graph schema. */
  INVALID_DOCUMENT: 'INVALID_DOCUMENT',
  /** The document's `schemaVersion` is newer than this code understands, or not a version at all. */
  UNSUPPORTED_SCHEMA_VERSION: 'UNSUPPORTED_SCHEMA_VERSION',
  /** Two nodes share one `id`. */
  DUPLICATE_NODE_ID: 'DUPLICATE_NODE_ID',
  /** Two edges share one `id`. */
  DUPLICATE_EDGE_ID: 'DUPLICATE_EDGE_ID',
  /** Two nodes share one `name`; expressions address nodes by name, so names must be unique. */
  DUPLICATE_NODE_NAME: 'DUPLICATE_NODE_NAME',
  /** A node's `type` is not in the catalog at all. */
  UNKNOWN_NODE_TYPE: 'UNKNOWN_NODE_TYPE',
  /** A node's `type` exists in the catalog but not in the requested `typeVersion`. */
  UNKNOWN_NODE_VERSION: 'UNKNOWN_NODE_VERSION',
  /** A node's params fail its type's param schema (values holding expressions are checked at run time). */
  BAD_PARAMS: 'BAD_PARAMS',
  /** The node type needs a connection and the node has no `connectionId`. */
  MISSING_CONNECTION: 'MISSING_CONNECTION',
  /** The node has a `connectionId` but its type takes no connection (warning: it is ignored). */
  UNEXPECTED_CONNECTION: 'UNEXPECTED_CONNECTION',
  /** An edge's source or target node does not exist. */
  DANGLING_EDGE: 'DANGLING_EDGE',
  /** Two edges join the same output port to the same input port. */
  DUPLICATE_EDGE: 'DUPLICATE_EDGE',
  /** An edge names an output or input port the node type does not have. */
  UNKNOWN_PORT: 'UNKNOWN_PORT',
  /** A single-input port has more than one incoming edge; use a merge node to join branches. */
  INPUT_ALREADY_CONNECTED: 'INPUT_ALREADY_CONNECTED',
  /** The flow has no trigger node. */
  NO_TRIGGER: 'NO_TRIGGER',
  /** The flow has more than one trigger node. */
  MULTIPLE_TRIGGERS: 'MULTIPLE_TRIGGERS',
  /** A trigger sits inside a loop container; triggers start flows, they cannot be loop steps. */
  TRIGGER_INSIDE_LOOP: 'TRIGGER_INSIDE_LOOP',
  /** The node type works only under certain triggers (Respond to webhook needs a webhook trigger). */
  WRONG_TRIGGER: 'WRONG_TRIGGER',
  /** The node cannot be reached from the trigger (or, inside a loop, from the loop's body port). */
  UNREACHABLE_NODE: 'UNREACHABLE_NODE',
  /** Edges form a cycle; repetition is drawn with a loop container, never with a back-edge. */
  CYCLE: 'CYCLE',
  /** An edge joins nodes in different loop scopes (other than a loop's body port into its own body). */
  EDGE_CROSSES_LOOP: 'EDGE_CROSSES_LOOP',
  /** A node's `parentId` names a missing node, a node that is not a loop container, or forms a cycle. */
  INVALID_PARENT: 'INVALID_PARENT',
  /** A loop container's body port is not connected to any node (warning: the loop does nothing). */
  EMPTY_LOOP: 'EMPTY_LOOP',
  /** A merge node has fewer than two incoming edges (warning: it joins nothing). */
  MERGE_SINGLE_INPUT: 'MERGE_SINGLE_INPUT',
  /** `onError` is `route` but nothing is connected to the `error` output (warning: errors go nowhere). */
  ERROR_OUTPUT_UNCONNECTED: 'ERROR_OUTPUT_UNCONNECTED',
  /** A `{{ … }}` expression does not parse. */
  EXPRESSION_SYNTAX: 'EXPRESSION_SYNTAX',
  /** An expression references `$node.<name>` for a name no node has. */
  UNKNOWN_NODE_REFERENCE: 'UNKNOWN_NODE_REFERENCE',
  /** An expression references a node whose output is not available there (not upstream, or inside a loop body). */
  NODE_NOT_UPSTREAM: 'NODE_NOT_UPSTREAM',
  /** An expression reads an output field the referenced node's output schema does not declare (warning). */
  UNKNOWN_OUTPUT_FIELD: 'UNKNOWN_OUTPUT_FIELD',
  /** `$item` or `$index` is used outside any loop body. */
  LOOP_VARIABLE_OUTSIDE_LOOP: 'LOOP_VARIABLE_OUTSIDE_LOOP',
  /** An expression reads `$vars.<name>` for a variable the flow settings do not define (warning). */
  UNKNOWN_VARIABLE: 'UNKNOWN_VARIABLE',
} as const;

export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

export type Severity = 'error' | 'warning';

/** One thing wrong with a flow, located as precisely as possible for the canvas to badge it. */
export interface Problem {
  code: ProblemCode;
  message: string;
  severity: Severity;
  nodeId?: string;
  edgeId?: string;
  /** Dotted path of the param inside the node's params, e.g. `body.text` or `headers.0.value`. */
  param?: string;
}

/** Thrown by `compile` when the graph has errors; carries every problem `validate` found. */
export class FlowValidationError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      `flow is invalid (${errors.length} error${errors.length === 1 ? '' : 's'}): ` +
        errors
          .slice(0, 3)
          .map((p) => p.message)
          .join('; '),
    );
    this.name = 'FlowValidationError';
    this.problems = problems;
  }
}
