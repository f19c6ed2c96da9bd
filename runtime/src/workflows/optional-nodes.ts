// The node kinds only some flows have: agents, crews and approvals, with what runs them (the
// personas and their schemas, the agent loop). The SDK evaluates the modules a workflow imports
// afresh for every workflow, and building these cost more worker CPU than running a short flow
// of control nodes, so the interpreter imports this module only in runs whose definition has
// such a node (FlowRun.execute). The bundle holds it: webpack's eager mode inlines the `import()` and defers
// only the evaluation.
export { agentNode, approvalNode, crewNode, durationMs } from '@bizosaas/nodes';
export { runAgentNode } from './agent-node-run.js';
export { runCrewNode } from './crew-run.js';
