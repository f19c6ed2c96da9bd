import type { z } from 'zod';

/** What a node does, which decides where the runtime runs it. */
export type NodeKind = 'trigger' | 'action' | 'control' | 'human' | 'agent';

/** How a node with a multi-edge input waits: for every live branch, or only the first to arrive. */
export type JoinMode = 'all' | 'first';

export interface InputPort {
  name: string;
  title?: string;
  /** Accepts several edges (a join point). Single-edge inputs reject a second edge. */
  multiple?: boolean;
}

export interface OutputPort {
  name: string;
  title?: string;
  /** Shape of the data leaving through this port: drives autocomplete and output-field checks. */
  schema: z.ZodType;
}

/** What a control node's `evaluate` receives. */
export interface ControlContext<P> {
  /** Params after expressions were resolved. */
  params: P;
  /** The data on the input; for a join node, an array with the data of each live branch in edge order. */
  input: unknown;
}

/**
 * What a control node's `evaluate` returns: the output ports that fire, each with its data.
 * Ports left out are not taken, and the runtime propagates a skip down them. For a loop container,
 * the value on the body port must be an array: the body runs once per element.
 */
export interface ControlResult {
  outputs: Record<string, unknown>;
  /**
   * Something the interpreter must do before the outputs fire, which a pure function cannot do
   * itself: wait on a durable timer, or run another flow as a child workflow (whose result then
   * replaces the data on the fired ports).
   */
  effect?: ControlEffect;
}

/** A durable side effect a control node asks the interpreter for. */
export type ControlEffect =
  | { kind: 'sleep'; ms: number }
  | { kind: 'sub_flow'; flowId: string; input: unknown; wait: boolean };

export interface NodeTypeSpec<P extends z.ZodType> {
  /** Stable id, lowercase dotted snake_case (`core.if`, `hubspot.create_contact`); never changes. */
  type: string;
  /** Bumped on any breaking change to params or ports; flows keep the version they were drawn with. */
  version: number;
  kind: NodeKind;
  title: string;
  description: string;
  category: string;
  icon: string;
  params: P;
  inputs: InputPort[];
  outputs: OutputPort[];
  /** Connection type the node needs (e.g. `hubspot`); nodes of this type must carry a `connectionId`. */
  connectionType?: string;
  /** The connection is optional (e.g. an HTTP request with or without auth). */
  connectionOptional?: boolean;
  /** The node belongs only in flows started by one of these trigger types (Respond to webhook). */
  triggers?: readonly string[];
  /** For nodes with a `multiple` input: how the join waits. Defaults to `all`. */
  join?: { mode(params: z.output<P>): JoinMode };
  /** Marks a loop container (for-each); `bodyOutput` is the port whose edges start the body. */
  container?: {
    bodyOutput: string;
    /** How many body runs may be in flight at once; defaults to 1 (items run in order). */
    concurrency?(params: z.output<P>): number;
  };
  /** Control nodes only: the pure, deterministic function the workflow runs in place. */
  evaluate?(ctx: ControlContext<z.output<P>>): ControlResult;
}

/** A checked node type, as held by a `NodeCatalog`. */
export interface NodeType<P extends z.ZodType = z.ZodType> extends Readonly<NodeTypeSpec<P>> {
  /** `type@version`, the catalog key. */
  readonly key: string;
}

/** The output port every non-trigger node gains when its `onError` is `route`. */
export const ERROR_OUTPUT = 'error';

const TYPE_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/**
 * Declares a node type. The spec is checked once here, so every catalog entry is internally
 * consistent and the validator can trust ports and kinds.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { defineNode } from '@bizosaas/shared';
 *
 * export const ifNode = defineNode({
 *   type: 'core.if',
 *   version: 1,
 *   kind: 'control',
 *   title: 'If',
 *   description: 'Routes the input to `true` or `false`.',
 *   category: 'Logic',
 *   icon: 'split',
 *   params: z.object({ condition: z.boolean() }),
 *   inputs: [{ name: 'main' }],
 *   outputs: [
 *     { name: 'true', schema: z.unknown() },
 *     { name: 'false', schema: z.unknown() },
 *   ],
 *   // ctx.params is inferred as { condition: boolean }
 *   evaluate: ({ params, input }) => ({ outputs: { [params.condition ? 'true' : 'false']: input } }),
 * });
 * ```
 *
 * @throws Error when the spec contradicts itself (a developer error, caught at module load).
 */
export function defineNode<P extends z.ZodType>(spec: NodeTypeSpec<P>): NodeType<P> {
  const fail = (why: string): never => {
    throw new Error(`defineNode(${spec.type}@${spec.version}): ${why}`);
  };
  if (!TYPE_ID.test(spec.type)) fail('type must be lowercase dotted snake_case');
  if (!Number.isInteger(spec.version) || spec.version < 1)
    fail('version must be a positive integer');
  if (spec.kind === 'control' && !spec.evaluate) fail('control nodes need an evaluate function');
  if (spec.kind !== 'control' && spec.evaluate)
    fail('only control nodes have an evaluate function');
  if (spec.kind === 'trigger' && spec.inputs.length > 0) fail('triggers have no inputs');
  if (spec.kind !== 'trigger' && spec.inputs.length === 0) fail('non-trigger nodes need an input');
  if (spec.outputs.length === 0) fail('a node needs at least one output');
  for (const ports of [spec.inputs, spec.outputs]) {
    const names = ports.map((p) => p.name);
    if (new Set(names).size !== names.length) fail('port names must be unique');
  }
  if (spec.outputs.some((p) => p.name === ERROR_OUTPUT))
    fail(`output "${ERROR_OUTPUT}" is reserved`);
  if (spec.join && !spec.inputs.some((p) => p.multiple)) fail('join needs a multiple input');
  if (spec.container) {
    if (spec.kind !== 'control') fail('only control nodes can be containers');
    if (!spec.outputs.some((p) => p.name === spec.container?.bodyOutput))
      fail('container.bodyOutput must be an output');
  }
  return Object.freeze({ ...spec, key: nodeTypeKey(spec.type, spec.version) });
}

/** The catalog key of a node type. */
export function nodeTypeKey(type: string, version: number): string {
  return `${type}@${version}`;
}
