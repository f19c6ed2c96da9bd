import { paramsJsonSchema, type NodeCatalog, type NodeType } from '@bizosaas/shared';
import { findConnector } from '../connectors/index.js';
import { operationWrites } from '../connectors/sdk/define-connector.js';
import { NodeError, NodeErrorCode } from '../node-error.js';
import { unifiedOperations } from '../ports/unified-nodes.js';
import type { AgentTool } from './agent-node.js';
import type { ConnectorCategory } from '../ports/ports.js';
import type { ToolSpec } from './messages.js';

// The tool choice's schema lives with the agent node (sandbox-safe without the connectors).
export { AgentToolSchema, type AgentTool } from './agent-node.js';

/** A tool resolved against the catalog: what the model sees and what running it means. */
export interface ToolBinding {
  spec: ToolSpec;
  type: string;
  typeVersion: number;
  connectionId?: string;
}

/** Tool names models accept (OpenAI: `^[a-zA-Z0-9_-]{1,64}$`), unique within the node. */
function toolName(type: string, taken: Set<string>): string {
  const base = type.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 60);
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

/** Whether running this node type changes something in the tenant's systems. */
export function nodeTypeWrites(type: string): boolean {
  const [prefix = '', id = ''] = type.split('.', 2);
  const op = findConnector(prefix)?.operations.find((o) => o.id === id);
  if (op) return operationWrites(op);
  if (unifiedOperations.some((u) => u.node.type === type)) return operationWrites({ id });
  return false;
}

/**
 * The node's tool list as the model will see it: each operation's params (zod) as the tool's JSON
 * Schema, and `write` from the operation's metadata (or the node's own "require approval").
 * Only action nodes can be tools; one that needs a connection must name one.
 *
 * @throws NodeError INVALID_PARAMS for an unknown operation or a missing connection.
 */
export function resolveTools(tools: readonly AgentTool[], catalog: NodeCatalog): ToolBinding[] {
  const taken = new Set<string>();
  return tools.map((tool) => {
    const [type = '', version] = tool.operation.split('@');
    const nodeType: NodeType | undefined =
      version === undefined ? catalog.latest(type) : catalog.get(type, Number(version));
    if (!nodeType || nodeType.kind !== 'action') {
      throw new NodeError(
        NodeErrorCode.INVALID_PARAMS,
        `"${tool.operation}" is not an operation an agent can use`,
      );
    }
    if (nodeType.connectionType && !nodeType.connectionOptional && !tool.connectionId) {
      throw new NodeError(
        NodeErrorCode.INVALID_PARAMS,
        `the tool ${nodeType.type} needs a ${nodeType.connectionType} connection`,
      );
    }
    const { $schema: _, ...schema } = paramsJsonSchema(nodeType);
    return {
      spec: {
        name: toolName(nodeType.type, taken),
        description: `${nodeType.title}. ${nodeType.description}`,
        schema,
        write: tool.requireApproval || nodeTypeWrites(nodeType.type),
      },
      type: nodeType.type,
      typeVersion: nodeType.version,
      ...(tool.connectionId ? { connectionId: tool.connectionId } : {}),
    };
  });
}

/** The connector category of an operation (a connector's own or a unified node's). */
export function operationCategory(operation: string): ConnectorCategory | undefined {
  const [type = ''] = operation.split('@');
  const unified = unifiedOperations.find((u) => u.node.type === type);
  if (unified) return unified.category;
  return findConnector(type.split('.', 1)[0] ?? '')?.category;
}

/**
 * The tools a persona may use out of a list: those of its tool categories. Run where tools are
 * resolved (an activity), since it reads the connector registry the workflow bundle leaves out.
 */
export function toolsForPersona(
  persona: { tools: readonly string[] },
  tools: readonly AgentTool[],
): AgentTool[] {
  return tools.filter((t) => {
    const category = operationCategory(t.operation);
    return category !== undefined && persona.tools.includes(category);
  });
}
