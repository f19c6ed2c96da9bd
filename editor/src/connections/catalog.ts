import { useQuery } from '@tanstack/react-query';
import type { Outputs } from '../api/client';
import { useTRPC } from '../api/trpc';

/** A connection type as the server's catalog describes it, with this workspace's connections of it. */
export type ConnectionType = Outputs['connections']['catalog'][number];
export type Connection = ConnectionType['connections'][number];

export const STATUS_LABEL: Record<string, string> = {
  untested: 'Not tested',
  ok: 'Working',
  needs_attention: 'Needs attention',
};

/** Why a connection is not working, if it is not: its last failure, from a run or a test. */
export const connectionProblem = (c: Connection) =>
  c.status === 'ok' ? undefined : (c.lastError ?? c.lastTestError ?? undefined);

/** The auth method a connection was made with: the type's first when it records none, as on the server. */
export const methodOf = (type: ConnectionType, c: Connection) =>
  type.methods.find((m) => m.id === c.authMethod) ?? type.methods[0];

export function useConnectionCatalog() {
  const trpc = useTRPC();
  return useQuery(trpc.connections.catalog.queryOptions());
}
