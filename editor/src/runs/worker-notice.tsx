import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';

/** The server asks Temporal at most every 5 s; an open page asks the server every 10 s. */
const RECHECK_MS = 10_000;

/**
 * Whether a worker polls the flow task queue: `polling`, `none`, or `unknown` (no answer). Asked
 * only while `enabled`, so a page that would not say it (an editor with no run) does not poll.
 */
function useFlowWorkers(enabled: boolean) {
  const trpc = useTRPC();
  const health = useQuery(
    trpc.system.health.queryOptions(undefined, { refetchInterval: RECHECK_MS, enabled }),
  );
  return health.data?.workers.flowWorkers;
}

/**
 * Said wherever a run would otherwise seem stuck (a run page, the runs list, a decision being
 * delivered): with no worker, Temporal keeps runs and decisions, and nothing moves until one starts.
 */
export function NoWorkerNotice({ show = true }: { show?: boolean }) {
  const workers = useFlowWorkers(show);
  if (!show || workers !== 'none') return null;
  return (
    <p role="status" className="worker-notice">
      <strong>No worker is running flows right now</strong> — runs wait until one starts, and
      nothing is lost meanwhile. (Start it with <code>npm run up</code>.)
    </p>
  );
}
