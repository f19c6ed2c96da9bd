/** The live state of one node in a run, as the runtime reports it and the canvas paints it. */
export type NodeRunStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped';

export const RUN_STATUS_LABEL: Record<NodeRunStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  waiting: 'Waiting for approval',
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
};
