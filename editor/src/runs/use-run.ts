import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, type Outputs } from '../api/client';
import type { CanvasStore } from '../canvas/store';
import { statusByNode } from './node-states';

export type RunDetail = Outputs['runs']['get'];

const POLL_MS = 600;

/**
 * A run, polled while it is running, with each node's state painted on the canvas. The server
 * answers `runs.get` from the workflow's live state query, so polling shows nodes as they move.
 */
export function useRun(runId: string | undefined, store: CanvasStore) {
  const run = useQuery({
    queryKey: ['runs.get', runId],
    queryFn: () => api.runs.get.query({ runId: runId! }),
    enabled: runId !== undefined,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? POLL_MS : false),
  });
  const nodes = run.data?.nodes;
  useEffect(() => {
    store.getState().setStatus(statusByNode(nodes ?? []));
  }, [store, nodes]);
  return run;
}
