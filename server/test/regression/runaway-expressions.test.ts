// Regression (issue 12, item 1): an expression that never finishes stalled its run forever. In a
// Set node, tail recursion and a catastrophically backtracking regex ran inside the workflow task
// until Temporal's deadlock detector killed it (TMPRL1104, > 5 s); Temporal retried the task without
// end, so the run stayed "running", runs.get said "node states are unavailable right now" and
// runs.cancel did not end it. Now the budget fails the node with EXPRESSION_BUDGET naming the node,
// the param and the limit, within a second or two, and the run's node states stay readable; a loop
// of expression-heavy nodes spreads over workflow tasks instead of running past the deadlock
// timeout; and runs.cancel ends a run whose workflow task keeps failing for any other reason.
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFINITION_VERSION,
  WORKFLOW_BUDGET,
  type FlowDefinition,
  type FlowGraphInput,
} from '@bizosaas/shared';
import { createRunClient, startRun } from '@bizosaas/runtime';
import {
  call,
  config,
  finishedRun,
  startTestServer,
  signUp,
  unique,
  type Session,
} from '../harness.js';
import { node } from '../flows.js';

const edge = (source: string, target: string, sourceOutput = 'main') => ({
  id: `${source}.${sourceOutput}-${target}`,
  source,
  sourceOutput,
  target,
  targetInput: 'main',
});

function runawayFlow(nodeName: string, expression: string): FlowGraphInput {
  return {
    schemaVersion: 2,
    nodes: [
      node('trigger', 'core.manual_trigger', {}, 'Start'),
      node('set', 'core.set', { values: { result: expression } }, nodeName),
    ],
    edges: [edge('trigger', 'set')],
    settings: { variables: {} },
  };
}

interface RunDetail {
  status: string;
  error?: string;
  result?: { output: unknown };
  nodes: { nodeId: string; status: string; error?: { code: string; message: string } }[];
}

const taskQueue = unique('runaway-flows');
let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: Session;
beforeAll(async () => {
  server = await startTestServer({ worker: true, config: { TEMPORAL_TASK_QUEUE: taskQueue } });
  owner = await signUp(server.url);
  // The worker's first workflow task loads the bundle; the times below are of the runs alone.
  await runToEnd(await publishedFlow(runawayFlow('Warm up', '{{ 1 }}')));
});
afterAll(async () => server?.close());

async function publishedFlow(graph: FlowGraphInput): Promise<string> {
  const flow = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: unique('runaway'), graph },
    owner,
  );
  const flowId = flow.data?.id as string;
  const published = await call(server.url, 'flows.publish', { flowId, revision: 1 }, owner);
  expect(published.error, JSON.stringify(published.error)).toBeUndefined();
  return flowId;
}

/** Starts a run (`runs.start`, or `runs.testRun` of the draft) and polls `runs.get` until it ends. */
async function runToEnd(
  flowId: string,
  { procedure = 'runs.start', timeoutMs = 20_000 } = {},
): Promise<{ run: RunDetail; seconds: number }> {
  const started = Date.now();
  const run = await call<{ runId: string }>(server.url, procedure, { flowId, payload: {} }, owner);
  const ended = await finishedRun(server.url, owner, run.data?.runId as string, timeoutMs);
  return { run: ended as unknown as RunDetail, seconds: (Date.now() - started) / 1000 };
}

describe('a runaway expression fails its node promptly', () => {
  it.each([
    [
      'tail recursion',
      'Loop forever',
      '{{ ($f := function($n){ $f($n + 1) }; $f(0)) }}',
      `more than ${WORKFLOW_BUDGET.maxSteps} steps`,
    ],
    [
      // Quadratic even in linear-time engines: every search runs to the end of the input.
      'many searches over a long input',
      'Search everywhere',
      '{{ $count($match($pad("", 20000, "a"), /a*b|a/)) }}',
      `more than ${WORKFLOW_BUDGET.maxRegexWork} units of work`,
    ],
  ])('%s, in a published flow', async (_story, nodeName, expression, limit) => {
    const { run, seconds } = await runToEnd(await publishedFlow(runawayFlow(nodeName, expression)));
    console.log(`${nodeName}: the run failed after ${seconds.toFixed(1)} s`);

    expect(run.status).toBe('failed');
    expect(seconds).toBeLessThan(8);
    // runs.get answered with the node states, not "unavailable right now".
    expect(run.error).toMatch(`node "${nodeName}" failed`);
    const set = run.nodes.find((n) => n.nodeId === 'set');
    expect(set?.status).toBe('failed');
    expect(set?.error?.code).toBe('EXPRESSION_BUDGET');
    expect(set?.error?.message).toMatch(`node "${nodeName}", param "values.result"`);
    expect(set?.error?.message).toMatch(limit);
  });

  it('catastrophic backtracking does not happen: the regex answers "no match" at once', async () => {
    const { run, seconds } = await runToEnd(
      await publishedFlow(
        runawayFlow(
          'Backtrack',
          '{{ $count($match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /^(a+)+$/)) }}',
        ),
      ),
    );
    console.log(`Backtrack: the run completed after ${seconds.toFixed(1)} s`);
    expect(run.status).toBe('completed');
    expect(seconds).toBeLessThan(8);
    expect(run.nodes.find((n) => n.nodeId === 'set')?.status).toBe('succeeded');
  });

  it('the same expressions still fail in a test run of a draft', async () => {
    const flow = await call<{ id: string }>(
      server.url,
      'flows.create',
      {
        name: unique('draft'),
        graph: runawayFlow('Draft loop', '{{ ($f := function($n){ $f($n + 1) }; $f(0)) }}'),
      },
      owner,
    );
    const { run: ended } = await runToEnd(flow.data?.id as string, { procedure: 'runs.testRun' });
    expect(ended.status).toBe('failed');
    expect(ended.nodes.find((n) => n.nodeId === 'set')?.error?.message).toMatch(
      `more than ${WORKFLOW_BUDGET.maxSteps} steps`,
    );
  });
});

it('a loop of expression-heavy Set nodes completes, spread over workflow tasks', async () => {
  // 40 iterations of ~300 steps each: about 12,000 steps, far more than one workflow task can run
  // before the deadlock detector (each node alone is within its budget).
  const heavy = '{{ ($f := function($n){ $n < 30 ? $f($n + 1) : $n }; $f(0)) + $item }}';
  const flowId = await publishedFlow({
    schemaVersion: 2,
    nodes: [
      node('trigger', 'core.manual_trigger', {}, 'Start'),
      node('each', 'core.for_each', { items: '{{ [1..40] }}', concurrency: 1 }, 'Each'),
      { ...node('heavy', 'core.set', { values: { n: heavy } }, 'Heavy'), parentId: 'each' },
      node('total', 'core.set', { values: { sum: '{{ $sum($.n) }}' } }, 'Total'),
    ],
    edges: [edge('trigger', 'each'), edge('each', 'heavy', 'body'), edge('each', 'total', 'done')],
    settings: { variables: {} },
  });
  const { run: ended, seconds } = await runToEnd(flowId, { timeoutMs: 90_000 });
  console.log(`40 heavy iterations: ${seconds.toFixed(1)} s`);
  expect(ended.status, JSON.stringify(ended.error)).toBe('completed');
  expect(ended.result?.output).toEqual({ sum: 40 * 30 + (40 * 41) / 2 });
});

it('runs.cancel ends a run whose workflow task keeps failing', async () => {
  const flowId = await publishedFlow(runawayFlow('Unused', '{{ 1 }}'));
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const client = await createRunClient(config, connection);
    // A definition the interpreter trips over (no scopes): every workflow task fails and is retried.
    const broken = { definitionVersion: DEFINITION_VERSION } as unknown as FlowDefinition;
    const handle = await startRun(client, {
      taskQueue,
      definition: broken,
      trigger: {},
      meta: {
        tenantId: owner.tenantId,
        flowId,
        flowVersion: 1,
        runId: randomUUID(),
        outbound: { allowPrivateNetworks: false, allowedHosts: [] },
      },
    });
    const runId = handle.workflowId;
    for (let attempt = 0; ; attempt++) {
      const { raw } = await handle.describe();
      if ((raw.pendingWorkflowTask?.attempt ?? 0) > 1) break;
      if (attempt > 150) throw new Error('the workflow task never failed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const stuck = await call<RunDetail>(
      server.url,
      'runs.get',
      { runId },
      { ...owner, type: 'query' },
    );
    expect(stuck.data?.status).toBe('running');

    const cancelled = await call(server.url, 'runs.cancel', { runId }, owner);
    expect(cancelled.error, JSON.stringify(cancelled.error)).toBeUndefined();
    const ended = await finishedRun(server.url, owner, runId, 10_000);
    expect(ended.status).toBe('terminated');
  } finally {
    await connection.close();
  }
});
