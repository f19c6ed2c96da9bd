// Records one history per node kind against the test stack: `npx tsx runtime/test/histories/record.ts`.
// Re-record after an intended change to the interpreter, and say why in the commit.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import proto from '@temporalio/proto';
import { compile, type FlowGraph } from '@bizosaas/shared';
import { testStackEnv } from '@bizosaas/scripts/test-env';
import { chain, edge, graph, node } from '../support/flows.js';
import { FIXTURE_KEY, FIXTURE_KEY_ID } from './fixture.js';
import { startFakePlatform } from '../support/fake-platform.js';
import { decideApproval, decisionId } from '../../src/index.js';

Object.assign(process.env, testStackEnv(), {
  PAYLOAD_ENCRYPTION_KEY: FIXTURE_KEY,
  PAYLOAD_ENCRYPTION_KEY_ID: FIXTURE_KEY_ID,
});
const { catalog, startHarness } = await import('../support/harness.js');

const server = createServer((_req, res) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
const h = await startHarness({ outbound: { allowPrivateNetworks: false, allowedHosts: [host] } });
const APPROVER = '00000000-0000-4000-8000-000000000001';
const platform = await startFakePlatform(h.config, { approver: [APPROVER] });

const child = compile(
  chain([node('double', 'core.set', { params: { values: { d: '{{ $trigger.n * 2 }}' } } })]),
  catalog,
);
const flows: Record<
  string,
  { flow: FlowGraph; meta?: object; during?: (workflowId: string, runId: string) => Promise<void> }
> = {
  // Two approvals: one decided by an update (after a reminder and an escalation), one timing out.
  approval: {
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('ask', 'core.approval', {
          params: {
            title: 'n is {{ $trigger.n }}',
            assignees: { roles: ['approver'] },
            dueAfter: { amount: 6, unit: 'seconds' },
            reminders: [{ amount: 5, unit: 'seconds' }],
            escalation: { after: { amount: 500, unit: 'ms' }, assignees: { roles: ['approver'] } },
          },
        }),
        node('late', 'core.approval', {
          params: { title: 'again', dueAfter: { amount: 50, unit: 'ms' } },
        }),
      ],
      [edge('start', 'ask'), edge('ask', 'late', 'approved')],
    ),
    meta: { platformTaskQueue: platform.taskQueue },
    during: async (workflowId, runId) => {
      const task = await platform.taskOf(runId);
      // Past the reminder and the escalation (the dev server fires timers about once a second).
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await decideApproval(h.client, workflowId, 1, {
        taskId: task.taskId,
        decisionId: decisionId(task.taskId, APPROVER),
        userId: APPROVER,
        decision: 'approve',
        comment: 'fine',
        form: {},
      });
    },
  },
  branching: {
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('if', 'core.if', { params: { condition: '{{ $trigger.n > 0 }}' } }),
        node('sw', 'core.switch', { params: { value: 'b', cases: ['a', 'b'] } }),
        node('no', 'core.noop'),
        node('merge', 'core.merge'),
        node('set', 'core.set', { params: { values: { m: '{{ $ }}' } } }),
      ],
      [
        edge('start', 'if'),
        edge('if', 'sw', 'true'),
        edge('if', 'no', 'false'),
        edge('sw', 'merge', 'case_2'),
        edge('no', 'merge'),
        edge('merge', 'set'),
      ],
    ),
  },
  'for-each-action': {
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('each', 'core.for_each', { params: { items: [1, 2, 3, 4], concurrency: 2 } }),
        node('step', 'test.echo', { parentId: 'each', params: { value: '{{ $item }}' } }),
      ],
      [edge('start', 'each'), edge('each', 'step', 'body')],
    ),
  },
  delay: { flow: chain([node('wait', 'core.delay', { params: { amount: 10, unit: 'ms' } })]) },
  'sub-flow': {
    flow: chain([node('sub', 'core.sub_flow', { params: { flowId: 'child', input: { n: 2 } } })]),
    meta: { subFlows: { child: { version: 1, definition: child } } },
  },
  'stop-error': { flow: chain([node('stop', 'core.stop_error', { params: { message: 'stop' } })]) },
  'http-request': {
    flow: chain([node('call', 'core.http_request', { params: { url: `http://${host}/` } })]),
  },
  'retry-and-route': {
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('flaky', 'test.flaky', {
          params: { succeedOnAttempt: 2 },
          retry: { maxAttempts: 2, initialIntervalMs: 10 },
        }),
        node('fail', 'core.stop_error', { params: { message: 'x' }, onError: 'route' }),
        node('handled', 'core.noop'),
      ],
      [edge('start', 'flaky'), edge('flaky', 'fail'), edge('fail', 'handled', 'error')],
    ),
  },
  // The synchronous expressions' budget (a node's 20,000 steps, behind a patch): a $map over 300
  // items, then two nodes of ~13,500 steps each, so the run yields its workflow task once.
  expressions: {
    flow: chain([
      node('map', 'core.set', {
        params: { values: { x: '{{ $map([1..300], function($v){ $v * $trigger.n }) }}' } },
      }),
      ...['loop1', 'loop2'].map((id) =>
        node(id, 'core.set', {
          params: {
            values: { x: '{{ ($f := function($n){ $n < 1500 ? $f($n + 1) : $n }; $f(0)) }}' },
          },
        }),
      ),
    ]),
  },
  // Recorded while every run asked for the synchronous budget at its first node: a short run with
  // that marker and nothing near 500 steps, as most runs of that release are.
  'expressions-short': {
    flow: chain([
      node('double', 'core.set', { params: { values: { d: '{{ $trigger.n * 2 }}' } } }),
      node('echo', 'test.echo'),
      node('again', 'core.set', { params: { values: { d: '{{ $trigger.n * 3 }}' } } }),
    ]),
  },
  // The same budget once runs ask for it only where it makes a difference: at the node that reaches
  // 500 steps, after the parallel action node's activity was scheduled in the same workflow task.
  'expressions-at-limit': {
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('echo', 'test.echo'),
        node('map', 'core.set', {
          params: { values: { x: '{{ $map([1..300], function($v){ $v * $trigger.n }) }}' } },
        }),
        node('loop', 'core.set', {
          params: {
            values: { x: '{{ ($f := function($n){ $n < 1500 ? $f($n + 1) : $n }; $f(0)) }}' },
          },
        }),
      ],
      [edge('start', 'echo'), edge('start', 'map'), edge('map', 'loop')],
    ),
  },
  // Two actions side by side, one with three expressions and one with none: their commands are in
  // the order their params were ready, and the If downstream reads which output is whose, so a
  // replay that resolved them in other turns would hand each the other's result and fail the run.
  // Recorded while params were resolved asynchronously (be11c4b).
  'side-by-side': {
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('a', 'test.echo', {
          params: {
            value: {
              x: '{{ $trigger.n }}',
              y: '{{ $trigger.n * 2 }}',
              label: 'n={{ $trigger.n }}',
            },
          },
        }),
        node('b', 'test.echo', { params: { value: 'plain' } }),
        node('both', 'core.merge'),
        node('check', 'core.if', { params: { condition: '{{ $node.b.output = "plain" }}' } }),
        node('ok', 'test.echo', { params: { value: '{{ $node.a.output.y }}' } }),
        node('swapped', 'core.stop_error', { params: { message: 'a and b swapped' } }),
      ],
      [
        edge('start', 'a'),
        edge('start', 'b'),
        edge('a', 'both'),
        edge('b', 'both'),
        edge('both', 'check'),
        edge('check', 'ok', 'true'),
        edge('check', 'swapped', 'false'),
      ],
    ),
  },
  'continue-as-new': {
    flow: graph(
      [
        node('start', 'core.manual_trigger'),
        node('each', 'core.for_each', { params: { items: '{{ [1..8] }}' } }),
        node('step', 'test.echo', { parentId: 'each' }),
      ],
      [edge('start', 'each'), edge('each', 'step', 'body')],
    ),
    meta: { limits: { continueAsNewAfterEvents: 20 } },
  },
};

// `record.ts approval delay` re-records only those; without names, every history.
const only = process.argv.slice(2);
for (const [name, { flow, meta, during }] of Object.entries(flows)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const runId = randomUUID();
  const handle = await h.start(flow, { n: 1 }, { runId, ...meta });
  await during?.(handle.workflowId, runId);
  await handle.result().catch(() => undefined);
  // The first run of the chain: for continue-as-new, the one that decided to continue.
  const { runId: firstRunId } = await h.client.workflow
    .getHandle(handle.workflowId, handle.firstExecutionRunId)
    .describe();
  const history = await h.client.workflow.getHandle(handle.workflowId, firstRunId).fetchHistory();
  const json = proto.temporal.api.history.v1.History.fromObject(history).toJSON();
  writeFileSync(new URL(`./${name}.json`, import.meta.url), `${JSON.stringify(json, null, 1)}\n`);
  console.log(`recorded ${name}`);
}
await platform.close();
await h.close();
server.close();
