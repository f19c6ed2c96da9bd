// npm run bench -- runtime: the interpreter (runFlow) against a hand-written workflow doing the same
// ten activities, same server, same worker, one process, against the test stack.
import './support/test-stack.js';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NativeConnection, bundleWorkflowCode } from '@temporalio/worker';
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
import { createRunClient, failureConverterPath, startRun } from '@bizosaas/runtime';
import { createFlowWorker, createLogger } from '@bizosaas/runtime/worker';

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
const stepExecutor = defineExecutor(stepNode, async ({ input }) => ({
  n: ((input as { n?: number }).n ?? 0) + 1,
}));
const catalog = new NodeCatalog([...builtinNodes, stepNode] as NodeType[]);

const config = readConfig(process.env);
const taskQueue = `bench-runtime-${randomUUID()}`;
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const workflowBundle = await bundleWorkflowCode({
  workflowsPath: fileURLToPath(new URL('./runtime-workflows.ts', import.meta.url)),
  failureConverterPath,
  logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
});
const worker = await createFlowWorker({
  config,
  connection,
  taskQueue,
  logger: createLogger('warn'),
  nodeTypes: [stepNode as NodeType],
  executors: [stepExecutor],
  workflowBundle,
});
const client = await createRunClient(config);
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
): Promise<{ throughput: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
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
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] as number;
  const result = { throughput: RUNS / seconds, p50: pct(50), p99: pct(99) };
  console.log(
    `${label}: ${RUNS} runs at concurrency ${CONCURRENCY}: ${result.throughput.toFixed(1)} runs/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms`,
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
const handWritten = () => {
  const m = meta();
  const base = {
    tenantId: m.tenantId,
    flowId: 'hand',
    runId: m.runId,
    nodeId: '',
    nodeName: '',
    type: 'bench.step',
    typeVersion: 1,
    params: {},
    input: null,
    idempotencyKey: '',
    outbound,
    maxOutputBytes: 1_000_000,
  };
  return client.workflow.execute('handWritten', {
    taskQueue,
    workflowId: `bench/hand/${m.runId}`,
    args: [base, { n: 0 }],
  });
};

await worker.runUntil(async () => {
  // Warm up both paths (workflow bundle load, connections) before measuring.
  await Promise.all([interpreter(), handWritten()]);
  const hand = await measure('hand-written', handWritten);
  const interp = await measure('interpreter ', interpreter);
  console.log(
    `ratios interpreter/hand-written: throughput x${(interp.throughput / hand.throughput).toFixed(2)}, p50 x${(interp.p50 / hand.p50).toFixed(2)}, p99 x${(interp.p99 / hand.p99).toFixed(2)}`,
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
  console.log(
    `runtime: interpreter/hand-written throughput x${(interp.throughput / hand.throughput).toFixed(2)}`,
  );
});
await connection.close();
await client.connection.close();
