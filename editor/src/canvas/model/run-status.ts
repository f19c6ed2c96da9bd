import type { NodeStatus } from '@bizosaas/shared';

/** How the canvas names the live state of a node run, as the runtime reports it. */
export const RUN_STATUS_LABEL: Record<NodeStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  waiting: 'Waiting',
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
};
