import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  ActivityFailure,
  ApplicationFailure,
  Client,
  Connection,
  WorkflowFailedError,
} from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { codecKeyFromBase64, createDataConverter, ENCRYPTED_ENCODING } from '../src/codec/index.js';
import {
  ACTIVITY_FAILURE_TYPE,
  PROBE_FAILURE_TYPE,
  type ProbeActivities,
  type ProbeInput,
} from './workflows/codec-probe-contract.js';

const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7243';
const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';

const activities: ProbeActivities = {
  echoSecret: async (secret) => `${secret}-echoed`,
  failLoudly: async (marker) => {
    throw ApplicationFailure.nonRetryable(`activity refused: ${marker}`, ACTIVITY_FAILURE_TYPE);
  },
};

// The bytes a base64 encoder emits for `text` at each of the three byte alignments it can start at,
// trimmed to the characters that depend on `text` alone.
function base64Forms(text: string): string[] {
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.from(`${'\0'.repeat(offset)}${text}`).toString('base64');
    return encoded.slice(Math.ceil(offset / 3) * 4, -4);
  });
}

function leaks(history: temporal.api.history.v1.IHistory, marker: string): boolean {
  const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString(
    'latin1',
  );
  const json = JSON.stringify(temporal.api.history.v1.History.fromObject(history).toJSON());
  return [marker, ...base64Forms(marker)].some((form) => raw.includes(form) || json.includes(form));
}

describe('payload codec against the real Temporal server', () => {
  let workerConnection: NativeConnection;
  let clientConnection: Connection;

  beforeAll(async () => {
    try {
      workerConnection = await NativeConnection.connect({ address });
      clientConnection = await Connection.connect({ address });
    } catch (error) {
      throw new Error(`Temporal is not reachable at ${address}; start the test stack first`, {
        cause: error,
      });
    }
  });

  afterAll(async () => {
    await workerConnection?.close();
    await clientConnection?.close();
  });

  it('stores secrets, failure messages and stack traces encrypted, while codec clients read them back', async () => {
    const dataConverter = createDataConverter({
      current: codecKeyFromBase64('test-1', randomBytes(32).toString('base64')),
    });
    const input: ProbeInput = {
      secret: `sk-live-${randomUUID()}`,
      workflowFailureMarker: `wf-marker-${randomUUID()}`,
      activityFailureMarker: `act-marker-${randomUUID()}`,
    };
    const taskQueue = `codec-at-rest-${randomUUID()}`;
    const workflowId = `codec-probe-${randomUUID()}`;

    const worker = await Worker.create({
      connection: workerConnection,
      namespace,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('./workflows/codec-probe.ts', import.meta.url)),
      activities,
      dataConverter,
    });
    const client = new Client({ connection: clientConnection, namespace, dataConverter });

    const outcome = await worker.runUntil(
      client.workflow.execute('codecProbe', { taskQueue, workflowId, args: [input] }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );

    assert.instanceOf(outcome, WorkflowFailedError);
    const failure = outcome.cause;
    assert.instanceOf(failure, ApplicationFailure);
    expect(failure.type).toBe(PROBE_FAILURE_TYPE);
    expect(failure.message).toBe(`probe failed: ${input.workflowFailureMarker}`);
    expect(failure.details).toEqual([`${input.secret}-echoed`]);
    expect(failure.stack).toContain('workflows/codec-probe.ts');
    assert.instanceOf(failure.cause, ActivityFailure);
    expect(failure.cause.cause?.message).toBe(`activity refused: ${input.activityFailureMarker}`);

    const { history } = await client.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution: { workflowId },
    });
    expect(history?.events?.length).toBeGreaterThan(0);
    const stored = history ?? {};

    expect(leaks(stored, 'codecProbe')).toBe(true);
    expect(leaks(stored, ENCRYPTED_ENCODING)).toBe(true);
    for (const marker of [input.secret, input.workflowFailureMarker, input.activityFailureMarker]) {
      expect(leaks(stored, marker), `"${marker}" is readable in the stored history`).toBe(false);
    }
    expect(leaks(stored, 'activity refused')).toBe(false);
    expect(leaks(stored, 'probe failed')).toBe(false);
    expect(
      leaks(stored, 'workflows/codec-probe.ts'),
      'a stack trace is readable in the stored history',
    ).toBe(false);
  });
});
