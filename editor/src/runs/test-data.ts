// Pinned test data: the payload of a flow's latest test run and that run, which the Test run
// dialog opens on and from which the inspector shows each node's sample input and output.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JsonValue, NodeRunState } from '@bizosaas/shared';
import { api } from '../api/client';
import { useTRPC } from '../api/trpc';

/** The flow's pinned test data, or null when none is pinned. */
export function useTestData(flowId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.runs.testData.queryOptions({ flowId }));
}

/** Unpins the flow's test data: the dialog then opens empty and nodes have no sample. */
export function useClearTestData(flowId: string) {
  const client = useQueryClient();
  const trpc = useTRPC();
  return useMutation({
    mutationFn: () => api.runs.clearTestData.mutate({ flowId }),
    onSuccess: () =>
      client.invalidateQueries({ queryKey: trpc.runs.testData.queryKey({ flowId }) }),
  });
}

/** What the Test run dialog opens with: the pinned payload, or an empty object to fill in. */
export function payloadText(payload: JsonValue | undefined): string {
  return payload === undefined ? '{\n  \n}' : JSON.stringify(payload, null, 2);
}

/**
 * A node's sample from a run: its first run that has started (a node in a loop runs once per
 * iteration), and how many runs it had; undefined when the node has not run.
 */
export function sampleOf<T extends Pick<NodeRunState, 'nodeId' | 'startedAt' | 'sequence'>>(
  runs: readonly T[],
  nodeId: string,
): { run: T; count: number } | undefined {
  const started = runs
    .filter((r) => r.nodeId === nodeId && r.startedAt !== undefined)
    .sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  return started[0] && { run: started[0], count: started.length };
}
