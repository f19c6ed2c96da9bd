// What a polling trigger's schedule, its workflow and the server's poll activity agree on.
// Sandbox-safe: types and constants only.

/** The workflow a polling trigger's Temporal Schedule starts at each interval. */
export const POLL_TRIGGER_WORKFLOW = 'pollTrigger';

export interface PollTriggerInput {
  tenantId: string;
  flowId: string;
  /** The published version whose trigger the schedule was made for. */
  version: number;
  /** The server's platform worker, which holds the database, the secrets and the run gateway. */
  platformTaskQueue: string;
}

export interface PollTriggerActivities {
  /** Asks the vendor what is new since the trigger's cursor and starts one run per new item. */
  pollConnectorTrigger(input: PollTriggerInput): Promise<{ started: number }>;
}
