import { useEffect } from 'react';
import { skipToken, useQuery } from '@tanstack/react-query';
import type { Outputs } from '../api/client';
import { isLive } from '../api/live-events';
import { useTRPC } from '../api/trpc';
import type { CanvasStore } from '../canvas/store';
import { statusByNode } from './node-states';

export type RunDetail = Outputs['runs']['get'];

/** Without live notices, a running run is polled at this pace. */
const POLL_MS = 600;
/** With them, polling only catches what announces nothing (control nodes, timers firing). */
const FALLBACK_POLL_MS = 3_000;

/**
 * A run, refreshed while it is running. The server answers `runs.get` from the workflow's live
 * state query; live notices (see `useLiveEvents`) trigger a refresh the moment a node starts or
 * ends, and a slower poll covers the rest.
 */
export function useRunDetail(runId: string | undefined) {
  const trpc = useTRPC();
  return useQuery(
    trpc.runs.get.queryOptions(runId === undefined ? skipToken : { runId }, {
      refetchInterval: (q) =>
        q.state.data?.status === 'running' ? (isLive() ? FALLBACK_POLL_MS : POLL_MS) : false,
    }),
  );
}

/** A run (see `useRunDetail`) with each node's state painted on the canvas. */
export function useRun(runId: string | undefined, store: CanvasStore) {
  const run = useRunDetail(runId);
  const nodes = run.data?.nodes;
  useEffect(() => {
    store.getState().setStatus(statusByNode(nodes ?? []));
  }, [store, nodes]);
  return run;
}
