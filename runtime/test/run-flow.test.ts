import { randomUUID } from 'node:crypto';
import { CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compile, type FlowGraph, type JsonValue } from '@bizosaas/shared';
import type { RunState } from '../src/index.js';
import { chain, edge, graph, node } from './support/flows.js';
import {
  catalog,
  output,
  startHarness,
  startOrder,
  statuses,
  TENANT,
  type Harness,
} from './support/harness.js';
import { calls, cancelled, maxInFlight } from './support/test-nodes.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const echo = (id: string, value?: JsonValue, extra = {}) =>
  node(id, 'test.echo', { params: value === undefined ? {} : { value }, ...extra });

interface GraphCase {
  name: string;
  flow: FlowGraph;
  trigger?: unknown;
  /** Node runs that started, in order (only checked for the nodes listed, as a subsequence). */
  order?: string[];
  statuses: Record<string, string>;
  outputs?: Record<string, unknown>;
  result?: unknown;
}

const cases: GraphCase[] = [
  {
    name: 'if: the branch not taken is skipped',
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('if', 'core.if', { params: { condition: '{{ $trigger.score > 50 }}' } }),
        echo('hot', 'hot'),
        echo('cold', 'cold'),
      ],
      [edge('start', 'if'), edge('if', 'hot', 'true'), edge('if', 'cold', 'false')],
    ),
    trigger: { score: 80 },
    order: ['start', 'if', 'hot'],
    statuses: { start: 'succeeded', if: 'succeeded', hot: 'succeeded', cold: 'skipped' },
    outputs: { if: { score: 80 } },
    result: 'hot',
  },
  {
    name: 'merge after if waits only for the live branch',
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('if', 'core.if', { params: { condition: '{{ $trigger.score > 50 }}' } }),
        echo('hot', 'hot'),
        echo('cold', 'cold'),
        node('merge', 'core.merge'),
        node('after', 'core.set', { params: { values: { got: '{{ $[0] }}' } } }),
      ],
      [
        edge('start', 'if'),
        edge('if', 'hot', 'true'),
        edge('if', 'cold', 'false'),
        edge('hot', 'merge'),
        edge('cold', 'merge'),
        edge('merge', 'after'),
      ],
    ),
    trigger: { score: 10 },
    order: ['start', 'if', 'cold', 'merge', 'after'],
    statuses: {
      start: 'succeeded',
      if: 'succeeded',
      hot: 'skipped',
      cold: 'succeeded',
      merge: 'succeeded',
      after: 'succeeded',
    },
    outputs: { merge: ['cold'], after: { got: 'cold' } },
  },
  {
    name: 'parallel branches run concurrently and merge (all) lists them in edge order',
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('slow', 'test.sleep', { params: { ms: 400 } }),
        node('fast', 'test.sleep', { params: { ms: 400 } }),
        node('merge', 'core.merge'),
      ],
      [edge('start', 'slow'), edge('start', 'fast'), edge('slow', 'merge'), edge('fast', 'merge')],
    ),
    statuses: { start: 'succeeded', slow: 'succeeded', fast: 'succeeded', merge: 'succeeded' },
    outputs: { merge: [{ slept: 400 }, { slept: 400 }] },
  },
  {
    name: 'merge (first) continues with the first branch to arrive',
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('slow', 'test.sleep', { params: { ms: 1500 } }),
        echo('fast', 'fast'),
        node('merge', 'core.merge', { params: { mode: 'first' } }),
        node('after', 'core.noop'),
      ],
      [
        edge('start', 'slow'),
        edge('start', 'fast'),
        edge('slow', 'merge'),
        edge('fast', 'merge'),
        edge('merge', 'after'),
      ],
    ),
    order: ['start', 'fast', 'merge', 'after'],
    statuses: {
      start: 'succeeded',
      slow: 'succeeded',
      fast: 'succeeded',
      merge: 'succeeded',
      after: 'succeeded',
    },
    outputs: { after: ['fast'] },
  },
  {
    name: 'switch takes the matching case, others are skipped',
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('sw', 'core.switch', {
          params: { value: '{{ $trigger.plan }}', cases: ['free', 'pro'] },
        }),
        echo('free'),
        echo('pro'),
        echo('other'),
      ],
      [
        edge('start', 'sw'),
        edge('sw', 'free', 'case_1'),
        edge('sw', 'pro', 'case_2'),
        edge('sw', 'other', 'fallback'),
      ],
    ),
    trigger: { plan: 'pro' },
    statuses: {
      start: 'succeeded',
      sw: 'succeeded',
      free: 'skipped',
      pro: 'succeeded',
      other: 'skipped',
    },
  },
  {
    name: 'an error is routed to the error port',
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('stop', 'core.stop_error', {
          params: { message: 'no stock', code: 'OUT_OF_STOCK' },
          onError: 'route',
        }),
        echo('next'),
        node('handler', 'core.set', {
          params: { values: { code: '{{ $.error.code }}', from: '{{ $.error.node }}' } },
        }),
      ],
      [edge('start', 'stop'), edge('stop', 'next'), edge('stop', 'handler', 'error')],
    ),
    statuses: { start: 'succeeded', stop: 'failed', next: 'skipped', handler: 'succeeded' },
    outputs: { handler: { code: 'OUT_OF_STOCK', from: 'stop' } },
  },
  {
    name: 'onError continue passes the error on as output',
    flow: chain([
      node('flaky', 'test.flaky', {
        params: { succeedOnAttempt: 99 },
        retry: { maxAttempts: 2, initialIntervalMs: 50 },
        onError: 'continue',
      }),
      node('after', 'core.set', { params: { values: { code: '{{ $.error.code }}' } } }),
    ]),
    statuses: { start: 'succeeded', flaky: 'failed', after: 'succeeded' },
    outputs: { after: { code: 'VENDOR_UNAVAILABLE' } },
  },
  {
    name: 'a disabled node passes its input through; no-op and delay pass it on',
    flow: chain([
      node('set', 'core.set', { params: { values: { a: 1 } } }),
      node('off', 'core.set', { params: { values: { b: 2 } }, disabled: true }),
      node('noop', 'core.noop'),
      node('wait', 'core.delay', { params: { amount: 20, unit: 'ms' } }),
    ]),
    statuses: {
      start: 'succeeded',
      set: 'succeeded',
      off: 'succeeded',
      noop: 'succeeded',
      wait: 'succeeded',
    },
    result: { a: 1 },
  },
  {
    name: 'expressions read the trigger, earlier nodes, variables and the run',
    flow: {
      ...chain([
        echo('lookup', { id: 'c-1' }),
        node('set', 'core.set', {
          params: {
            values: {
              who: '{{ $trigger.email }}',
              id: '{{ $node.lookup.output.id }}',
              min: '{{ $vars.min }}',
              tenant: '{{ $run.tenantId }}',
            },
          },
        }),
      ]),
      settings: { variables: { min: 5 } },
    },
    trigger: { email: 'a@b.test' },
    statuses: { start: 'succeeded', lookup: 'succeeded', set: 'succeeded' },
    result: { who: 'a@b.test', id: 'c-1', min: 5, tenant: TENANT },
  },
];

describe('runFlow: graphs', () => {
  test.each(cases)('$name', async (c) => {
    const { state, result, error } = await h.run(c.flow, c.trigger ?? {});
    expect(error).toBeUndefined();
    expect(statuses(state)).toEqual(c.statuses);
    if (c.order) expect(startOrder(state).filter((k) => c.order?.includes(k))).toEqual(c.order);
    for (const [key, value] of Object.entries(c.outputs ?? {}))
      expect(output(state, key), key).toEqual(value);
    if ('result' in c) expect(result?.output).toEqual(c.result);
  });

  test('for-each over 100 items with concurrency 5 runs every item once, at most 5 at a time', async () => {
    const flow = graph(
      [
        node('start', 'core.manual_trigger'),
        node('each', 'core.for_each', { params: { items: '{{ [0..99] }}', concurrency: 5 } }),
        node('double', 'core.set', {
          parentId: 'each',
          params: { values: { n: '{{ $item * 2 }}', i: '{{ $index }}' } },
        }),
        node('work', 'test.sleep', { parentId: 'each', params: { ms: 30 } }),
        node('label', 'core.set', {
          parentId: 'each',
          params: { values: { n: '{{ $node.double.output.n }}' } },
        }),
        node('total', 'core.set', {
          params: { values: { count: '{{ $count($) }}', last: '{{ $[99].n }}' } },
        }),
      ],
      [
        edge('start', 'each'),
        edge('each', 'double', 'body'),
        edge('double', 'work'),
        edge('work', 'label'),
        edge('each', 'total', 'done'),
      ],
    );
    const { state, result, handle } = await h.run(flow);
    const runId = (await handle.describe()).workflowId.split('/')[2] as string;
    expect(result?.output).toEqual({ count: 100, last: 198 });
    const work = state.nodes.filter((n) => n.nodeId === 'work');
    expect(work).toHaveLength(100);
    expect(work.every((n) => n.status === 'succeeded')).toBe(true);
    expect(output(state, 'each')).toHaveLength(100);
    expect(calls.filter((c) => c.key.startsWith(`${runId}:work:`))).toHaveLength(100);
    expect(maxInFlight.get(runId)).toBeLessThanOrEqual(5);
    expect(maxInFlight.get(runId)).toBeGreaterThan(1);
  });

  test('retry then success: the idempotency key stays the same across attempts', async () => {
    const flow = chain([
      node('flaky', 'test.flaky', {
        params: { succeedOnAttempt: 3 },
        retry: { maxAttempts: 3, initialIntervalMs: 50 },
      }),
    ]);
    const { state, result, handle } = await h.run(flow);
    const runId = (await handle.describe()).workflowId.split('/')[2] as string;
    expect(result?.output).toEqual({ attempt: 3 });
    expect(statuses(state).flaky).toBe('succeeded');
    expect(calls.filter((c) => c.key === `${runId}:flaky`).map((c) => c.attempt)).toEqual([
      1, 2, 3,
    ]);
  });

  test('a node that times out fails the run with TIMEOUT', async () => {
    const flow = chain([
      node('slow', 'test.sleep', {
        params: { ms: 5_000 },
        timeoutMs: 1_000,
        retry: { maxAttempts: 1 },
      }),
    ]);
    const { state, error } = await h.run(flow);
    expect(error?.cause).toMatchObject({ type: 'TIMEOUT' });
    expect(state.status).toBe('failed');
    expect(state.nodes.find((n) => n.key === 'slow')).toMatchObject({
      status: 'failed',
      error: { code: 'TIMEOUT' },
    });
  });

  test('stop with error fails the run with its code; invalid output and oversized output fail cleanly', async () => {
    const stopped = await h.run(
      chain([
        node('stop', 'core.stop_error', { params: { message: 'bad lead', code: 'BAD_LEAD' } }),
      ]),
    );
    expect(stopped.error?.cause).toMatchObject({
      type: 'BAD_LEAD',
      message: 'node "stop" failed: bad lead',
    });

    const invalid = await h.run(
      chain([node('bad', 'test.bad_output', { retry: { maxAttempts: 3 } })]),
    );
    expect(invalid.error?.cause).toMatchObject({ type: 'INVALID_OUTPUT' });

    const big = await h.run(chain([node('big', 'test.big', { params: { bytes: 1_200_000 } })]));
    expect(big.error?.cause).toMatchObject({ type: 'PAYLOAD_TOO_LARGE' });
    expect(big.state.nodes.find((n) => n.key === 'big')?.error?.code).toBe('PAYLOAD_TOO_LARGE');

    const bigSet = await h.run(
      chain([node('set', 'core.set', { params: { values: { s: "{{ $pad('', 5000, 'x') }}" } } })]),
      {},
      {
        limits: { maxNodeOutputBytes: 2_000 },
      },
    );
    expect(bigSet.error?.cause).toMatchObject({ type: 'PAYLOAD_TOO_LARGE' });
  });

  test('cancelling a run mid-node cancels the running activity', async () => {
    const flow = chain([
      node('slow', 'test.sleep', { params: { ms: 30_000 }, timeoutMs: 60_000 }),
      echo('never'),
    ]);
    const handle = await h.start(flow);
    await until(async () =>
      (await handle.query<RunState>('runState')).nodes.some(
        (n) => n.key === 'slow' && n.status === 'running',
      ),
    );
    await handle.cancel();
    const error = await handle.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    const runId = handle.workflowId.split('/')[2] as string;
    await until(async () => cancelled.has(`${runId}:slow`));
    expect(calls.some((c) => c.key === `${runId}:never`)).toBe(false);
  });

  test('sub-flow runs as a child workflow and returns its result', async () => {
    const child = compile(
      chain([
        node('double', 'core.set', { params: { values: { doubled: '{{ $trigger.n * 2 }}' } } }),
      ]),
      catalog,
    );
    const parent = chain([
      node('sub', 'core.sub_flow', {
        params: { flowId: 'doubler', input: '{{ {"n": $trigger.n} }}' },
      }),
      node('after', 'core.set', { params: { values: { result: '{{ $.doubled }}' } } }),
    ]);
    const runId = randomUUID();
    const { result, state } = await h.run(
      parent,
      { n: 21 },
      { runId, subFlows: { doubler: { version: 4, definition: child } } },
    );
    expect(result?.output).toEqual({ result: 42 });
    expect(statuses(state).sub).toBe('succeeded');
    const description = await h.client.workflow
      .getHandle(`${TENANT}/doubler/${runId}.sub`)
      .describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).toEqual(
      expect.arrayContaining([
        ['TenantId', TENANT],
        ['FlowId', 'doubler'],
        ['FlowVersion', 4],
      ]),
    );
  });

  test('a long loop continues as new, keeps its run id and runs no node twice', async () => {
    const flow = graph(
      [
        node('start', 'core.manual_trigger'),
        echo('before', 'b'),
        node('each', 'core.for_each', { params: { items: '{{ [1..30] }}', concurrency: 3 } }),
        node('step', 'test.echo', { parentId: 'each', params: { value: '{{ $item }}' } }),
        node('sum', 'core.set', {
          params: { values: { total: '{{ $sum($) }}', before: '{{ $node.before.output }}' } },
        }),
      ],
      [
        edge('start', 'before'),
        edge('before', 'each'),
        edge('each', 'step', 'body'),
        edge('each', 'sum', 'done'),
      ],
    );
    const runId = randomUUID();
    const { result, state, handle } = await h.run(
      flow,
      {},
      { runId, limits: { continueAsNewAfterEvents: 60 } },
    );
    expect(result?.output).toEqual({ total: 465, before: 'b' });
    expect(state.generation).toBeGreaterThan(0);
    expect(handle.workflowId).toBe(`${TENANT}/flow-1/${runId}`);
    const keys = calls.filter((c) => c.key.startsWith(`${runId}:`)).map((c) => c.key);
    expect(keys).toHaveLength(31);
    expect(new Set(keys).size).toBe(31);
  });

  test('every run carries the TenantId, FlowId and FlowVersion search attributes', async () => {
    const { handle } = await h.run(
      chain([node('noop', 'core.noop')]),
      {},
      { flowId: 'flow-sa', flowVersion: 7 },
    );
    const description = await handle.describe();
    expect(description.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).toEqual(
      expect.arrayContaining([
        ['TenantId', TENANT],
        ['FlowId', 'flow-sa'],
        ['FlowVersion', 7],
      ]),
    );
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
