import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import {
  PROBE_FAILURE_TYPE,
  type ProbeActivities,
  type ProbeInput,
} from './codec-probe-contract.js';

const { echoSecret, failLoudly } = proxyActivities<ProbeActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 1 },
});

/** Puts a secret through every place Temporal stores data: input, activity I/O, activity and workflow failures. */
export async function codecProbe(input: ProbeInput): Promise<void> {
  const echoed = await echoSecret(input.secret);
  try {
    await failLoudly(input.activityFailureMarker);
  } catch (cause) {
    throw ApplicationFailure.create({
      message: `probe failed: ${input.workflowFailureMarker}`,
      type: PROBE_FAILURE_TYPE,
      nonRetryable: true,
      details: [echoed],
      cause: cause as Error,
    });
  }
}
