import { NodeCatalog, type NodeType } from '@bizosaas/shared';
import { agentNode } from './agents/agent-node.js';
import { crewNode } from './agents/crew-node.js';
import { approvalNode } from './builtin/approval.js';
import { httpRequestNode } from './builtin/http-request.js';
import { manualTrigger, scheduleTrigger, webhookTrigger } from './builtin/triggers.js';
import { connectorNodeTypes } from './connectors/index.js';
import { controlNodes } from './control-nodes.js';

/** Every built-in node type: pure declarations, safe inside the workflow sandbox. */
export const builtinNodes: readonly NodeType[] = [
  manualTrigger,
  webhookTrigger,
  scheduleTrigger,
  ...controlNodes,
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
