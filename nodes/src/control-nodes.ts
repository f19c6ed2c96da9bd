import { NodeCatalog, type NodeType } from '@bizosaas/shared';

/**
 * The node types the workflow evaluates itself, each behind its own `import()`. The sandbox
 * evaluates a workflow's modules afresh for every workflow, and building all of these types'
 * schemas cost more worker CPU than running a short flow of them, so a run loads only the types
 * its definition uses (`loadControlNodes`). webpack's eager mode keeps every module in the
 * workflow bundle and defers only its evaluation.
 */
const controlNodeModules: Readonly<Record<string, () => Promise<NodeType>>> = {
  'core.if': async () =>
    (await import(/* webpackMode: "eager" */ './builtin/if.js')).ifNode as NodeType,
  'core.switch': async () =>
    (await import(/* webpackMode: "eager" */ './builtin/switch.js')).switchNode as NodeType,
  'core.merge': async () =>
    (await import(/* webpackMode: "eager" */ './builtin/merge.js')).mergeNode as NodeType,
  'core.for_each': async () =>
    (await import(/* webpackMode: "eager" */ './builtin/for-each.js')).forEachNode as NodeType,
  'core.delay': async () =>
    (await import(/* webpackMode: "eager" */ './builtin/delay.js')).delayNode as NodeType,
  'core.set': async () =>
    (await import(/* webpackMode: "eager" */ './builtin/set.js')).setNode as NodeType,
  'core.stop_error': async () =>
    (await import(/* webpackMode: "eager" */ './builtin/stop-error.js')).stopErrorNode as NodeType,
  'core.sub_flow': async () =>
    (await import(/* webpackMode: "eager" */ './builtin/sub-flow.js')).subFlowNode as NodeType,
  'core.noop': async () =>
    (await import(/* webpackMode: "eager" */ './builtin/noop.js')).noopNode as NodeType,
  'core.respond_webhook': async () =>
    (await import(/* webpackMode: "eager" */ './builtin/respond-webhook.js'))
      .respondWebhookNode as NodeType,
};

/** The Respond to webhook node's type, for the interpreter without loading the node. */
export const RESPOND_WEBHOOK_TYPE = 'core.respond_webhook';

/** Every control node type by name. */
export const CONTROL_NODE_TYPES: readonly string[] = Object.keys(controlNodeModules);

/** A catalog of those of `types` that are control node types; the others are left out. */
export async function loadControlNodes(types: Iterable<string>): Promise<NodeCatalog> {
  const known = [...new Set(types)].filter((type) => Object.hasOwn(controlNodeModules, type));
  return new NodeCatalog(await Promise.all(known.map((type) => controlNodeModules[type]!())));
}
