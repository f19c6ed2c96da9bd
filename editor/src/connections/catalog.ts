import { useQuery } from '@tanstack/react-query';
import { api, type Outputs } from '../api/client';

/** A connection type as the server's catalog describes it, with this workspace's connections of it. */
export type ConnectionType = Outputs['connections']['catalog'][number];

export const STATUS_LABEL: Record<string, string> = {
  untested: 'Not tested',
  ok: 'Working',
  needs_attention: 'Needs attention',
};

export const CATALOG_KEY = ['connections.catalog'];

export function useConnectionCatalog() {
  return useQuery({ queryKey: CATALOG_KEY, queryFn: () => api.connections.catalog.query() });
}
