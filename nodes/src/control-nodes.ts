import type { NodeType } from '@bizosaas/shared';
import { delayNode } from './builtin/delay.js';
import { forEachNode } from './builtin/for-each.js';
import { ifNode } from './builtin/if.js';
import { mergeNode } from './builtin/merge.js';
import { noopNode } from './builtin/noop.js';
import { respondWebhookNode } from './builtin/respond-webhook.js';
import { setNode } from './builtin/set.js';
import { stopErrorNode } from './builtin/stop-error.js';
import { subFlowNode } from './builtin/sub-flow.js';
import { switchNode } from './builtin/switch.js';

/**
 * The node types the workflow evaluates itself. A module of its own so the interpreter can import
 * them without the rest of the catalog: the sandbox evaluates every module it imports once per
 * workflow, and the connectors' schemas cost more than running a flow of control nodes.
 */
export const controlNodes: readonly NodeType[] = [
  ifNode,
  switchNode,
  mergeNode,
  forEachNode,
  delayNode,
  setNode,
  stopErrorNode,
  subFlowNode,
  noopNode,
  respondWebhookNode,
] as NodeType[];
