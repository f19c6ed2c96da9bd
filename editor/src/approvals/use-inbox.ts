import { useQuery } from '@tanstack/react-query';
import { can } from '../api/roles';
import { useRole } from '../api/session';
import { useTRPC } from '../api/trpc';

/** My pending approval tasks, refreshed in the background so the nav count stays current. */
export function useInbox() {
  const role = useRole();
  const trpc = useTRPC();
  return useQuery(
    trpc.approvals.inbox.queryOptions(
      { limit: 200 },
      { enabled: can.approve(role), refetchInterval: 30_000 },
    ),
  );
}
