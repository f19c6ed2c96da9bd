import { NodeCatalog, type NodeType } from '@bizosaas/shared';
import { agentNode } from './agents/agent-node.js';
import { crewNode } from './agents/crew-node.js';
import { approvalNode } from './builtin/approval.js';
import { delayNode } from './builtin/delay.js';
import { forEachNode } from './builtin/for-each.js';
import { httpRequestNode } from './builtin/http-request.js';
import { ifNode } from './builtin/if.js';
import { mergeNode } from './builtin/merge.js';
import { noopNode } from './builtin/noop.js';
import { respondWebhookNode } from './builtin/respond-webhook.js';
import { setNode } from './builtin/set.js';
import { stopErrorNode } from './builtin/stop-error.js';
import { subFlowNode } from './builtin/sub-flow.js';
import { switchNode } from './builtin/switch.js';
import { manualTrigger, scheduleTrigger, webhookTrigger } from './builtin/triggers.js';
import { connectorNodeTypes } from './connectors/index.js';

/** Every built-in node type: pure declarations, safe inside the workflow sandbox. */
export const builtinNodes: readonly NodeType[] = [
  manualTrigger,
  webhookTrigger,
  scheduleTrigger,
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
  httpRequestNode,
  approvalNode,
  agentNode,
  crewNode,
  ...connectorNodeTypes(),
] as NodeType[];

/** A fresh catalog of the built-in nodes; add custom node types to it with `register`. */
export function builtinCatalog(): NodeCatalog {
  return new NodeCatalog(builtinNodes);
}
