import type { DefinitionNode } from './compile.js';
import { evaluateTemplate, type EvaluateOptions, type ExpressionContext } from './expressions.js';
import type { JsonObject } from './flow-graph.js';

/**
 * A node's params with every template evaluated against the context, in document order. Whole
 * `{{ … }}` values keep their raw type; an expression yielding nothing leaves the param undefined.
 * The definition is not modified; treat the result as read-only (without templates it is the
 * definition's own params object).
 *
 * @throws ExpressionError naming the node, the param and the position when an expression fails.
 */
export async function resolveParams(
  node: Pick<DefinitionNode, 'id' | 'name' | 'params' | 'expressions'>,
  context: ExpressionContext,
  options: Omit<EvaluateOptions, 'location'> = {},
): Promise<JsonObject> {
  if (node.expressions.length === 0) return node.params;
  const params = JSON.parse(JSON.stringify(node.params)) as JsonObject;
  // One meter for all of the node's params: the step budget bounds the node, not each param.
  const meter = options.meter ?? { steps: 0, regexWork: 0 };
  for (const { param, path, template } of node.expressions) {
    const value = await evaluateTemplate(template, context, {
      ...options,
      meter,
      location: { nodeId: node.id, nodeName: node.name, param },
    });
    setAt(params, path, value);
  }
  return params;
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
