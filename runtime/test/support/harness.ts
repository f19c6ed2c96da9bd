import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import {
  compile,
  NodeCatalog,
  type FlowDefinition,
  type FlowGraph,
  type NodeType,
} from '@bizosaas/shared';
import { readConfig, type Config } from '@bizosaas/shared/config';
import { builtinNodes, type OutboundPolicy } from '@bizosaas/nodes';
import {
  createRunClient,
  startRun,
  type RunHandle,
  type RunMeta,
  type RunResult,
  type RunState,
} from '../../src/index.js';
import { createFlowWorker, createLogger } from '../../src/worker.js';
import { testExecutors, testNodeTypes } from './test-nodes.js';

export const catalog = new NodeCatalog([...builtinNodes, ...testNodeTypes] as NodeType[]);
export const TENANT = 'acme';

export interface Harness {
  config: Config;
  client: Client;
  taskQueue: string;
  /** Everything the worker logged, as JSON lines. */
  logs: string[];
  /** Starts a run on the harness's task queue, or on `taskQueue` (a worker of a test's own). */
  start(
    flow: FlowGraph | FlowDefinition,
    trigger?: unknown,
    meta?: Partial<RunMeta>,
    taskQueue?: string,
  ): Promise<StartedRun>;
  run(
    flow: FlowGraph | FlowDefinition,
    trigger?: unknown,
    meta?: Partial<RunMeta>,
  ): Promise<Outcome>;
  close(): Promise<void>;
}

type StartedRun = Awaited<ReturnType<typeof startRun>>;

export interface Outcome {
  handle: RunHandle;
  result?: RunResult;
  error?: WorkflowFailedError;
  state: RunState;
}

/** Starts an in-process worker on its own task queue against the test stack's Temporal and OpenBao. */
export async function startHarness(
  options: { outbound?: OutboundPolicy; worker?: boolean } = {},
): Promise<Harness> {
  const config = readConfig(process.env);
  const taskQueue = `runtime-test-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = await createRunClient(config);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  if (options.worker !== false) {
    worker = await createFlowWorker({
      config,
      connection,
      taskQueue,
      logger: createLogger('info', sink),
      nodeTypes: testNodeTypes,
      executors: testExecutors,
    });
    running = worker.run();
  }
  const outbound = options.outbound ?? { allowPrivateNetworks: false, allowedHosts: [] };

  const start: Harness['start'] = (flow, trigger = {}, meta = {}, queue = taskQueue) => {
    const definition = 'definitionVersion' in flow ? flow : compile(flow, catalog);
    return startRun(client, {
      taskQueue: queue,
      definition,
      trigger,
      meta: {
        tenantId: TENANT,
        flowId: 'flow-1',
        flowVersion: 1,
        runId: randomUUID(),
        outbound,
        ...meta,
      },
    });
  };
  return {
    config,
    client,
    taskQueue,
    logs,
    start,
    async run(flow, trigger, meta) {
      const handle = await start(flow, trigger, meta);
      let result: RunResult | undefined;
      let error: WorkflowFailedError | undefined;
      try {
        result = await handle.result();
      } catch (e) {
        if (!(e instanceof WorkflowFailedError)) throw e;
        error = e;
      }
      const state = await handle.query<RunState>('runState');
      return { handle, state, ...(result ? { result } : {}), ...(error ? { error } : {}) };
    },
    async close() {
      worker?.shutdown();
      await running;
      await connection.close();
      await client.connection.close();
    },
  };
}

/** `key → status` of every node run, for compact assertions. */
export function statuses(state: RunState): Record<string, string> {
  return Object.fromEntries(state.nodes.map((n) => [n.key, n.status]));
}

/** Node keys in the order they started. */
export function startOrder(state: RunState): string[] {
  return state.nodes
    .filter((n) => n.sequence !== undefined)
    .sort((a, b) => (a.sequence as number) - (b.sequence as number))
    .map((n) => n.key);
}

export function output(state: RunState, key: string): unknown {
  return state.nodes.find((n) => n.key === key)?.output;
}
