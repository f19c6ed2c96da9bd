import type { DefinitionNode, DefinitionScope } from './compile.js';

/** Every node of a compiled scope (a flow definition or a loop body), loop bodies included. */
export function* definitionNodes(scope: DefinitionScope): Generator<DefinitionNode> {
  for (const node of scope.nodes) {
    yield node;
    if (node.body) yield* definitionNodes(node.body);
  }
}
