import { useQuery } from '@tanstack/react-query';
import { NodeCatalog, nodeTypeFromDescription, type NodeTypeDescription } from '@bizosaas/shared';
import { useTRPC } from './trpc';

// Rebuilding the zod schemas is the costly part, so it happens once per answer from the server,
// however many pages and panels read it.
const built = new WeakMap<readonly NodeTypeDescription[], NodeCatalog>();

function catalogOf(types: readonly NodeTypeDescription[]): NodeCatalog {
  let catalog = built.get(types);
  if (!catalog) {
    catalog = new NodeCatalog(types.map(nodeTypeFromDescription));
    built.set(types, catalog);
  }
  return catalog;
}

/**
 * The node types every canvas of the editor uses, as the server's `catalog.list` describes them:
 * the ones it validates and runs, connectors' and custom ones included. Read once per session
 * (the service worker keeps the last answer, so a scratch canvas also opens offline).
 */
export function useNodeCatalog() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.catalog.list.queryOptions(), staleTime: Infinity, select: catalogOf });
}
