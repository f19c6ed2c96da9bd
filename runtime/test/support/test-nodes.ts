// Action nodes that exist only in tests: predictable, observable stand-ins for real connectors.
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { defineNode, type NodeType } from '@bizosaas/shared';
import { defineExecutor, NodeError, NodeErrorCode, type NodeExecutor } from '@bizosaas/nodes';

const action = <P extends z.ZodObject>(type: string, params: P, output: z.ZodType = z.unknown()) =>
  defineNode({
    type,
    version: 1,
    kind: 'action',
    title: type,
    description: 'test node',
    category: 'Test',
    icon: 'flask',
    params,
    inputs: [{ name: 'main' }],
    outputs: [{ name: 'main', schema: output }],
  });

export const echoNode = action('test.echo', z.object({ value: z.json().optional() }));
export const sleepNode = action('test.sleep', z.object({ ms: z.int().min(0) }));
export const flakyNode = action('test.flaky', z.object({ succeedOnAttempt: z.int().min(1) }));
export const bigNode = action('test.big', z.object({ bytes: z.int().min(0) }));
export const badOutputNode = action('test.bad_output', z.object({}), z.object({ id: z.string() }));

/** Every executor call, in order: which idempotency key ran, at which attempt. */
export const calls: { key: string; attempt: number }[] = [];
/** Cancellations the sleep node observed, by idempotency key. */
export const cancelled = new Set<string>();
/** Most sleep calls seen in flight at once, per run id. */
export const maxInFlight = new Map<string, number>();
const inFlight = new Map<string, number>();

export const testNodeTypes = [echoNode, sleepNode, flakyNode, bigNode, badOutputNode] as NodeType[];

export const testExecutors: NodeExecutor[] = [
  defineExecutor(echoNode, async ({ params, input, idempotencyKey, attempt }) => {
    calls.push({ key: idempotencyKey, attempt });
    return params.value === undefined ? input : params.value;
  }),
  defineExecutor(sleepNode, async ({ params, signal, idempotencyKey, attempt }) => {
    calls.push({ key: idempotencyKey, attempt });
    const runId = idempotencyKey.split(':')[0] as string;
    const now = (inFlight.get(runId) ?? 0) + 1;
    inFlight.set(runId, now);
    maxInFlight.set(runId, Math.max(now, maxInFlight.get(runId) ?? 0));
    try {
      await delay(params.ms, undefined, { signal });
    } catch (error) {
      if (signal.aborted) cancelled.add(idempotencyKey);
      throw error;
    } finally {
      inFlight.set(runId, (inFlight.get(runId) ?? 1) - 1);
    }
    return { slept: params.ms };
  }),
  defineExecutor(flakyNode, async ({ params, attempt, idempotencyKey }) => {
    calls.push({ key: idempotencyKey, attempt });
    if (attempt < params.succeedOnAttempt) {
      throw new NodeError(NodeErrorCode.VENDOR_UNAVAILABLE, `attempt ${attempt} failed`, {
        retryable: true,
      });
    }
    return { attempt };
  }),
  defineExecutor(bigNode, async ({ params }) => ({ blob: 'x'.repeat(params.bytes) })),
  defineExecutor(badOutputNode, async () => ({ id: 42 })),
];
