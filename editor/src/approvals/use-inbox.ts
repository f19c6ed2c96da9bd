import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { can } from '../api/roles';
import { useRole } from '../api/session';

export const INBOX_KEY = ['approvals.inbox'] as const;

/** My pending approval tasks, refreshed in the background so the nav count stays current. */
export function useInbox() {
  const role = useRole();
  return useQuery({
    queryKey: INBOX_KEY,
    queryFn: () => api.approvals.inbox.query({ limit: 200 }),
    enabled: can.approve(role),
    refetchInterval: 30_000,
  });
}
