import type { DefinitionNode } from './compile.js';
import {
  evaluateTemplate,
  type EvaluateOptions,
  type ExpressionContext,
  type Template,
} from './expressions.js';
import type { JsonObject } from './flow-graph.js';

/**
 * A node's params with every template evaluated against the context, in document order. Whole
 * `{{ … }}` values keep their raw type; an expression yielding nothing leaves the param undefined.
 * The definition is not modified; treat the result as read-only (without templates it is the
 * definition's own params object).
 *
 * @throws ExpressionError naming the node, the param and the position when an expression fails.
 */
export function resolveParams(
  node: Pick<DefinitionNode, 'id' | 'name' | 'params' | 'expressions'>,
  context: ExpressionContext,
  options: Omit<EvaluateOptions, 'location'> = {},
): JsonObject {
  if (node.expressions.length === 0) return node.params;
  const params = JSON.parse(JSON.stringify(node.params)) as JsonObject;
  // One meter for all of the node's params: the step budget bounds the node, not each param.
  const meter = options.meter ?? { steps: 0, regexWork: 0 };
  for (const { param, path, template } of node.expressions) {
    const value = evaluateTemplate(template, context, {
      ...options,
      meter,
      location: { nodeId: node.id, nodeName: node.name, param },
    });
    setAt(params, path, value);
  }
  return params;
}

/**
 * `resolveParams` with the promises it made while it was asynchronous (until be11c4b), await for
 * await: the same result, after the same number of microtask turns. Nodes that run side by side in
 * a workflow issue their commands in the order their params finish, so a run that had such nodes
 * replays only if they take the turns they took when it was recorded (the interpreter uses this
 * for them, new runs included, and the synchronous `resolveParams` for a node that runs alone).
 * Do not add or remove an await here.
 */
export async function resolveParamsInTurns(
  node: Pick<DefinitionNode, 'id' | 'name' | 'params' | 'expressions'>,
  context: ExpressionContext,
  options: Omit<EvaluateOptions, 'location'> = {},
): Promise<JsonObject> {
  if (node.expressions.length === 0) return node.params;
  const params = JSON.parse(JSON.stringify(node.params)) as JsonObject;
  const meter = options.meter ?? { steps: 0, regexWork: 0 };
  for (const { param, path, template } of node.expressions) {
    const value = await templateInTurns(template, context, {
      ...options,
      meter,
      location: { nodeId: node.id, nodeName: node.name, param },
    });
    setAt(params, path, value);
  }
  return params;
}

async function templateInTurns(
  template: Template,
  context: ExpressionContext,
  options: EvaluateOptions,
): Promise<unknown> {
  if (template.kind === 'expression') return expressionInTurns(template, context, options);
  let text = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    // A template of the one placeholder: its text, as the loop once joined it.
    text += (await expressionInTurns(
      { kind: 'template', parts: [part] },
      context,
      options,
    )) as string;
  }
  return text;
}

// The asynchronous evaluateExpression was an async function with a synchronous body.
async function expressionInTurns(
  template: Template,
  context: ExpressionContext,
  options: EvaluateOptions,
): Promise<unknown> {
  return evaluateTemplate(template, context, options);
}

function setAt(root: JsonObject, path: readonly (string | number)[], value: unknown): void {
  let target: Record<string | number, unknown> = root;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  // defineProperty so a param literally named "__proto__" is written as data, never as a prototype.
  Object.defineProperty(target, last, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
