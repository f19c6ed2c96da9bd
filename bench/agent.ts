// npm run bench -- agent: an agent whose scripted model (LangChain's fake chat model) makes ten
// tool calls and then answers, run as the durable agent node (runFlow on the test stack's
// Temporal: one activity per model call and per tool call, decision-log writes to an in-process
// platform worker that stores nothing) against the same LangChain loop run in-process without
// Temporal: bindTools, invoke, run the tool's executor, append a ToolMessage, again. Both use the
// same model and the same tool executor, so the difference per step is the durability's cost.
// A third measurement shows how much of it is Temporal's own: the same eleven model and ten tool
// calls as plain activities of a hand-written workflow (bench/agent-workflows.ts). Last, the
// embedded local model's decoding speed on a fixed prompt (measureLocalModelSpeed).
import './support/test-stack.js';
import { randomUUID } from 'node:crypto';
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { FakeChatModel } from '@langchain/core/utils/testing';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { z } from 'zod';
import { compile, defineNode, NodeCatalog, type NodeType } from '@bizosaas/shared';
import { readConfig } from '@bizosaas/shared/config';
import { builtinNodes, defineExecutor, type ActionContext } from '@bizosaas/nodes';
import { measureLocalModelSpeed } from '@bizosaas/nodes/local-model';
import {
  createRunClient,
  dataConverterFromConfig,
  startRun,
  type AgentPlatformActivities,
} from '@bizosaas/runtime';
import { bundleFlowWorkflows, createFlowWorker, createLogger } from '@bizosaas/runtime/worker';
import type { FloorActivities } from './agent-workflows.js';

const RUNS = 15;
const TOOL_CALLS = 10;
/** Model calls per run: one per tool call, then the answer. */
const STEPS = TOOL_CALLS + 1;

const lookupNode = defineNode({
  type: 'bench.lookup',
  version: 1,
  kind: 'action',
  title: 'Look up',
  description: 'Returns the price of item n.',
  category: 'Bench',
  icon: 'gauge',
  params: z.object({ n: z.int() }),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: z.object({ n: z.int(), price: z.number() }) }],
});
const lookup = async ({ params }: ActionContext<{ n: number }>) => ({
  n: params.n,
  price: params.n * 1.5,
});
const catalog = new NodeCatalog([...builtinNodes, lookupNode] as NodeType[]);

/** Ten tool calls, one per turn, then the answer; chosen from the conversation alone. */
class ScriptedModel extends FakeChatModel {
  override bindTools() {
    return this as never;
  }
  override async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const turn = messages.filter((m) => m.getType() === 'ai').length;
    const usage = { input_tokens: 200, output_tokens: 20, total_tokens: 220 };
    const message =
      turn < TOOL_CALLS
        ? new AIMessage({
            content: '',
            tool_calls: [
              { id: `c${turn}`, name: 'bench_lookup', args: { n: turn }, type: 'tool_call' },
            ],
            usage_metadata: usage,
          })
        : new AIMessage({ content: 'ten prices looked up', usage_metadata: usage });
    return { generations: [{ text: String(message.content), message }] };
  }
}

const config = readConfig(process.env);
Runtime.install({ logger: new DefaultLogger('WARN') });
const taskQueue = `bench-agent-${randomUUID()}`;
const platformQueue = `bench-agent-platform-${randomUUID()}`;
const floorQueue = `bench-agent-floor-${randomUUID()}`;
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const workflowBundle = await bundleFlowWorkflows(
  fileURLToPath(new URL('./agent-workflows.ts', import.meta.url)),
);
const worker = await createFlowWorker({
  config,
  connection,
  taskQueue,
  logger: createLogger('warn'),
  nodeTypes: [lookupNode as NodeType],
  executors: [defineExecutor(lookupNode, lookup)],
  workflowBundle,
  chatModels: () => new ScriptedModel({}),
});
const platformActivities: AgentPlatformActivities = { async recordAgentDecisions() {} };
const platform = await Worker.create({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: platformQueue,
  activities: platformActivities,
  dataConverter: dataConverterFromConfig(config),
});
const floorActivities: FloorActivities = {
  async model(turn) {
    return turn < TOOL_CALLS ? { n: turn } : {};
  },
  async tool(n) {
    return { n, price: n * 1.5 };
  },
};
const floorWorker = await Worker.create({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: floorQueue,
  workflowBundle,
  activities: floorActivities,
  maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
  maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
});
const client = await createRunClient(config);
const floorClient = new Client({
  connection: client.connection,
  namespace: config.TEMPORAL_NAMESPACE,
});

const definition = compile(
  {
    schemaVersion: 2,
    nodes: [
      {
        id: 'start',
        type: 'core.manual_trigger',
        typeVersion: 1,
        name: 'start',
        position: { x: 0, y: 0 },
        params: {},
        onError: 'fail',
      },
      {
        id: 'agent',
        type: 'agent',
        typeVersion: 1,
        name: 'agent',
        position: { x: 0, y: 0 },
        params: {
          instructions: 'Look up the prices of items 0 to 9, one at a time.',
          task: 'What do items 0 to 9 cost?',
          tools: [{ operation: 'bench.lookup' }],
          limits: { maxSteps: STEPS },
        },
        onError: 'fail',
      },
    ],
    edges: [
      { id: 'e', source: 'start', sourceOutput: 'main', target: 'agent', targetInput: 'main' },
    ],
    settings: { variables: {} },
  },
  catalog,
);

async function durable(): Promise<void> {
  const handle = await startRun(client, {
    taskQueue,
    definition,
    trigger: {},
    meta: {
      tenantId: 'bench',
      flowId: 'agent',
      flowVersion: 1,
      runId: randomUUID(),
      outbound: { allowPrivateNetworks: false, allowedHosts: [] },
      platformTaskQueue: platformQueue,
    },
  });
  const result = (await handle.result()) as { output: { steps: number } };
  if (result.output.steps !== STEPS) throw new Error(`expected ${STEPS} steps`);
}

/** The same agent as a plain in-process LangChain loop: no Temporal, no activities, no log. */
async function inProcess(): Promise<void> {
  // Binding tools does nothing for the scripted model, on either path.
  const model = new ScriptedModel({});
  const messages: BaseMessage[] = [
    new SystemMessage('Look up the prices of items 0 to 9, one at a time.'),
    new HumanMessage('What do items 0 to 9 cost?'),
  ];
  const controller = new AbortController();
  for (let step = 1; ; step++) {
    const answer = (await model.invoke(messages)) as AIMessage;
    messages.push(answer);
    if (!answer.tool_calls?.length) {
      if (step !== STEPS) throw new Error(`expected ${STEPS} steps`);
      return;
    }
    for (const call of answer.tool_calls) {
      const params = lookupNode.params.parse(call.args);
      const output = await lookup({
        params,
        input: {},
        credentials: undefined,
        idempotencyKey: `${step}`,
        signal: controller.signal,
        heartbeat() {},
        outbound: { allowPrivateNetworks: false, allowedHosts: [] },
        maxOutputBytes: 1_000_000,
        attempt: 1,
      });
      messages.push(
        new ToolMessage({ content: JSON.stringify(output), tool_call_id: call.id ?? '' }),
      );
    }
  }
}

async function floor(): Promise<void> {
  const steps = await floorClient.workflow.execute('agentFloor', {
    taskQueue: floorQueue,
    workflowId: `bench/agent-floor/${randomUUID()}`,
  });
  if (steps !== STEPS) throw new Error(`expected ${STEPS} steps`);
}

async function measure(label: string, runOne: () => Promise<void>): Promise<number> {
  const latencies: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await runOne();
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const p50 = latencies[Math.floor(latencies.length / 2)] as number;
  console.log(
    `${label}: ${RUNS} runs of ${STEPS} model calls and ${TOOL_CALLS} tool calls, p50 ${p50.toFixed(1)} ms per run (${(p50 / STEPS).toFixed(2)} ms per step), min ${latencies[0]!.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
  );
  return p50;
}

const both = <T>(fn: () => Promise<T>) =>
  floorWorker.runUntil(() => platform.runUntil(() => worker.runUntil(fn)));
const overhead = await both(async () => {
  // Warm every path (the workflow bundle's first load, connections) before measuring.
  await durable();
  await floor();
  await inProcess();
  const baseline = await measure('in-process LangChain loop ', inProcess);
  const temporal = await measure('Temporal floor (plain acts)', floor);
  const agent = await measure('durable agent node         ', durable);
  console.log(
    `per step: ${((agent - baseline) / STEPS).toFixed(1)} ms over the in-process loop, of which Temporal's own round trips ${((temporal - baseline) / STEPS).toFixed(1)} ms and the platform ${((agent - temporal) / STEPS).toFixed(1)} ms`,
  );
  return (agent - baseline) / STEPS;
});
await connection.close();
await client.connection.close();

/** The embedded local model's decoding speed, after the runs so it does not slow them. */
async function localModelSpeed(): Promise<string> {
  if (process.env.BIZOSAAS_SKIP_LOCAL_MODEL === '1') {
    console.log('local model: skipped (BIZOSAAS_SKIP_LOCAL_MODEL=1)');
    return 'n/a';
  }
  const speed = await measureLocalModelSpeed({ tokens: 64 });
  console.log(
    `local model: loaded in ${(speed.loadMs / 1000).toFixed(1)} s, ${speed.tokens} tokens decoded at ${speed.tokensPerSecond.toFixed(1)} tokens/s, RSS ${(speed.rssBytes / 2 ** 30).toFixed(2)} GiB`,
  );
  return `${speed.tokensPerSecond.toFixed(1)} tokens/s`;
}
const speed = await localModelSpeed();
console.log(`agent: overhead p50 ${overhead.toFixed(1)} ms per step, local model ${speed}`);
