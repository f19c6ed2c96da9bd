import { acceptsConnection, findConnector } from '@bizosaas/nodes';

/**
 * Whether a node declaring `connectionType` can use a connection of type `type`: its own type, or,
 * for a unified node (`category:crm`), a connection of any connector of that category with a port.
 */
export function nodeAcceptsConnection(connectionType: string, type: string): boolean {
  if (connectionType === type) return true;
  const connector = findConnector(type);
  return connector !== undefined && acceptsConnection(connectionType, connector);
}
