// Shared by the probe workflow and the test; imported by value with a `.js` specifier so the test also
// proves the workflow bundler resolves NodeNext-style imports to TypeScript sources.
export const PROBE_FAILURE_TYPE = 'CodecProbeFailure';
export const ACTIVITY_FAILURE_TYPE = 'CodecProbeActivityFailure';

export interface ProbeInput {
  readonly secret: string;
  readonly workflowFailureMarker: string;
  readonly activityFailureMarker: string;
}

export interface ProbeActivities {
  echoSecret(secret: string): Promise<string>;
  failLoudly(marker: string): Promise<never>;
}
