// One poll of a connector's polling trigger (new HubSpot contacts, new WordPress posts, …). The
// work is one activity on the platform task queue: the flow worker has no database and no run
// gateway by design. The schedule's overlap policy (skip) means one poll of a flow at a time.
import { proxyActivities } from '@temporalio/workflow';
import type { PollTriggerActivities, PollTriggerInput } from './poll-trigger-contract.js';

export async function pollTrigger(input: PollTriggerInput): Promise<{ started: number }> {
  const { pollConnectorTrigger } = proxyActivities<PollTriggerActivities>({
    taskQueue: input.platformTaskQueue,
    startToCloseTimeout: '2 minutes',
    // A failed poll moved no cursor: the next attempt, or the next interval, asks again.
    retry: { maximumAttempts: 3, initialInterval: '5s' },
  });
  return pollConnectorTrigger(input);
}
