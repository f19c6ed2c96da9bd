// npm run bench -- runtime: the interpreter (runFlow) running ten action nodes against a hand-written
// workflow calling a plain activity ten times — a plain function on a plain worker (no codec, no
// secrets, schemas, limits or events) with the flow worker's settings — on the same Temporal
// server, in one process, against the test stack. The ratio is the platform's cost per action node.
import './support/test-stack.js';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { z } from 'zod';
import {
  compile,
  defineNode,
  NodeCatalog,
  type FlowGraph,
  type NodeInstance,
  type NodeType,
} from '@bizosaas/shared';
import { readConfig } from '@bizosaas/shared/config';
import { builtinNodes, defineExecutor } from '@bizosaas/nodes';
import { createRunClient, startRun } from '@bizosaas/runtime';
import { bundleFlowWorkflows, createFlowWorker, createLogger } from '@bizosaas/runtime/worker';

const RUNS = 200;
const CONCURRENCY = 20;

const stepNode = defineNode({
  type: 'bench.step',
  version: 1,
  kind: 'action',
  title: 'Bench step',
  description: 'Returns its input with a counter bumped.',
  category: 'Bench',
  icon: 'gauge',
  params: z.object({}),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: z.unknown() }],
});
const bump = (input: { n?: number }) => ({ n: (input.n ?? 0) + 1 });
const stepExecutor = defineExecutor(stepNode, async ({ input }) => bump(input as { n?: number }));
const catalog = new NodeCatalog([...builtinNodes, stepNode] as NodeType[]);

const config = readConfig(process.env);
// The SDK logs every worker's state changes at INFO; only warnings here, so the headline stays last.
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = `bench-runtime-${randomUUID()}`;
const plainQueue = `bench-runtime-plain-${randomUUID()}`;
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const workflowBundle = await bundleFlowWorkflows(
  fileURLToPath(new URL('./runtime-workflows.ts', import.meta.url)),
);
const worker = await createFlowWorker({
  config,
  connection,
  taskQueue,
  logger: createLogger('warn'),
  nodeTypes: [stepNode as NodeType],
  executors: [stepExecutor],
  workflowBundle,
});
const plainWorker = await Worker.create({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: plainQueue,
  workflowBundle,
  activities: { step: async (input: { n?: number }) => bump(input) },
  maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
  maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
});
const client = await createRunClient(config);
const plainClient = new Client({ connection: client.connection, namespace: config.TEMPORAL_NAMESPACE });
const outbound = { allowPrivateNetworks: false, allowedHosts: [] };

const node = (id: string, type: string, params: NodeInstance['params'] = {}): NodeInstance => ({
  id,
  type,
  typeVersion: 1,
  name: id,
  position: { x: 0, y: 0 },
  params,
  onError: 'fail',
});
function chain(nodes: NodeInstance[]): FlowGraph {
  const all = [node('start', 'core.manual_trigger'), ...nodes];
  return {
    schemaVersion: 2,
    nodes: all,
    edges: all.slice(1).map((n, i) => ({
      id: `e${i}`,
      source: all[i]!.id,
      sourceOutput: 'main',
      target: n.id,
      targetInput: 'main',
    })),
    settings: { variables: {} },
  };
}
const tenStep = compile(
  chain(Array.from({ length: 10 }, (_, i) => node(`s${i + 1}`, 'bench.step'))),
  catalog,
);
const controlOnly = compile(
  chain(
    Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? node(`c${i}`, 'core.set', { values: { n: `{{ ($.n ? $.n : 0) + 1 }}` } })
        : node(`c${i}`, 'core.noop'),
    ),
  ),
  catalog,
);

async function measure(
  label: string,
  runOne: () => Promise<unknown>,
): Promise<{ throughput: number; p50: number; p99: number; cpuMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < RUNS) {
        const t = performance.now();
        await runOne();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / RUNS;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] as number;
  const result = { throughput: RUNS / seconds, p50: pct(50), p99: pct(99), cpuMs };
  console.log(
    `${label}: ${RUNS} runs at concurrency ${CONCURRENCY}: ${result.throughput.toFixed(1)} runs/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, ${cpuMs.toFixed(1)} CPU-ms/run in this process`,
  );
  return result;
}

const meta = () => ({
  tenantId: 'bench',
  flowId: 'ten-step',
  flowVersion: 1,
  runId: randomUUID(),
  outbound,
});
const interpreter = () =>
  startRun(client, { taskQueue, definition: tenStep, trigger: { n: 0 }, meta: meta() }).then((h) =>
    h.result(),
  );
const handWritten = () =>
  plainClient.workflow.execute('handWritten', {
    taskQueue: plainQueue,
    workflowId: `bench/hand/${randomUUID()}`,
    args: [{ n: 0 }],
  });

const both = <T>(fn: () => Promise<T>) => plainWorker.runUntil(() => worker.runUntil(fn));
const headline = await both(async () => {
  // Warm up both paths (workflow bundle load, connections) before measuring.
  await Promise.all([interpreter(), handWritten()]);
  const hand = await measure('hand-written', handWritten);
  const interp = await measure('interpreter ', interpreter);
  console.log(
    `ratios interpreter/hand-written: throughput x${(interp.throughput / hand.throughput).toFixed(2)}, p50 x${(interp.p50 / hand.p50).toFixed(2)}, p99 x${(interp.p99 / hand.p99).toFixed(2)}, CPU-ms/run x${(interp.cpuMs / hand.cpuMs).toFixed(2)}`,
  );

  const control = await startRun(client, {
    taskQueue,
    definition: controlOnly,
    trigger: {},
    meta: { ...meta(), flowId: 'control-only' },
  });
  const t = performance.now();
  await control.result();
  const latency = performance.now() - t;
  const history = await control.fetchHistory();
  const activities =
    history.events?.filter((e) => e.activityTaskScheduledEventAttributes).length ?? 0;
  console.log(
    `control-only flow (20 control nodes): ${latency.toFixed(0)} ms, ${activities} activities scheduled (target: 0)`,
  );
  return `runtime: interpreter/hand-written throughput x${(interp.throughput / hand.throughput).toFixed(2)}`;
});
await connection.close();
await client.connection.close();
console.log(headline);
