import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkflowBundle,
  type WorkerOptions,
} from '@temporalio/worker';
import type { Redis } from 'ioredis';
import type { NodeType } from '@bizosaas/shared';
import type { Config } from '@bizosaas/shared/config';
import { builtinCatalog, type NodeExecutor } from '@bizosaas/nodes';
import { builtinExecutors, sharedConnectionRuntimes } from '@bizosaas/nodes/executors';
import {
  createAgentActivities,
  unavailableChatModels,
  type ChatModelFactory,
} from './activities/agent-activities.js';
import { createActivities } from './activities/execute-node.js';
import { failureConverterPath } from './codec/index.js';
import { dataConverterFromConfig } from './data-converter.js';
import type { LiveEvents } from './live-events.js';
import type { Logger } from './logger.js';
import { ConnectionSecrets } from './secrets/index.js';

export { createLogger, type Logger } from './logger.js';
export type {
  ChatModelDeps,
  ChatModelFactory,
  ChatModelSpec,
} from './activities/agent-activities.js';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

const resolve = createRequire(import.meta.url).resolve;
const preloadPath = fileURLToPath(new URL('./workflows/preload.ts', import.meta.url));
/** The synchronous JSONata that shared's expressions run on (shared/src/expressions-jsonata.js). */
const jsonataPath = join(dirname(resolve('@bizosaas/shared')), 'expressions-jsonata.js');
/** Shared's expressions: parse cache, budget hooks and RE2JS (shared/src/expressions.ts). */
const expressionsPath = join(dirname(resolve('@bizosaas/shared')), 'expressions.ts');
/** Our workspaces' sources the workflow bundle takes modules from; none runs code on import. */
const sideEffectFree = [
  dirname(resolve('@bizosaas/shared')),
  dirname(resolve('@bizosaas/nodes')),
  dirname(workflowsPath),
];

/**
 * How the workflow bundle is built, by every worker and by the replay tests (a different bundle
 * could replay differently). The SDK evaluates the bundle's modules afresh for every workflow
 * (each gets its own module cache), which was most of a short run's cost, so:
 * - our sources are marked side-effect free, and webpack leaves out the modules the interpreter
 *   reaches only through package indexes (the compiler, graph schemas, connectors);
 * - zod and jsonata (shared's synchronous build of it), pure libraries with no per-workflow state,
 *   are evaluated once per worker thread and shared (the SDK freezes what they export);
 * - so are shared's expressions, with RE2JS: their parse cache then serves every run of the thread,
 *   and their budget state is only ever set for the one evaluation running, which runs
 *   synchronously to its end (runtime/test/regression/shared-expressions.test.ts).
 */
export const workflowBundlerOptions = {
  preloadModules: [preloadPath, jsonataPath, expressionsPath],
  webpackConfigHook(config) {
    // The preloaded modules are kept for their effect: evaluating zod, the synchronous JSONata and
    // the expressions into the shared module cache (marked side-effect free, webpack dropped them).
    config.module?.rules?.push({
      include: sideEffectFree,
      exclude: [preloadPath, jsonataPath, expressionsPath],
      sideEffects: false,
    });
    return config;
  },
} satisfies NonNullable<WorkerOptions['bundlerOptions']>;

/** The workflow bundle built once, for workers started with `workflowBundle` (tests, benches). */
export function bundleFlowWorkflows(path: string = workflowsPath): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: path,
    failureConverterPath,
    ...workflowBundlerOptions,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
}

export interface FlowWorkerOptions {
  config: Config;
  connection: NativeConnection;
  logger: Logger;
  /** Defaults to `config.TEMPORAL_TASK_QUEUE`. */
  taskQueue?: string;
  /**
   * Extra action node types and their executors (custom nodes). Control nodes run inside the
   * workflow bundle, so only the built-in ones are available.
   */
  nodeTypes?: readonly NodeType[];
  executors?: readonly NodeExecutor[];
  /** Defaults to OpenBao/Vault at `config.VAULT_ADDR`. */
  secrets?: ConnectionSecrets;
  /** Where node starts and ends (and chat answers as written) go to open editors; none by default. */
  liveEvents?: LiveEvents;
  /**
   * Shares each connection's rate limit and OAuth2 refresh with every other worker and the
   * server; without it they hold per process only.
   */
  redis?: Redis;
  /** A prebuilt workflow bundle (`bundleFlowWorkflows`), to skip bundling at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Builds agents' chat models; tests pass scripted ones. */
  chatModels?: ChatModelFactory;
}

/** The worker that runs every flow: the `runFlow` interpreter and the `executeNode` activity. */
export async function createFlowWorker(options: FlowWorkerOptions): Promise<Worker> {
  const { config } = options;
  const catalog = builtinCatalog();
  for (const nodeType of options.nodeTypes ?? []) catalog.register(nodeType);
  const executors = builtinExecutors({
    baseUrls: config.CONNECTOR_BASE_URLS,
    oauthUrls: config.CONNECTOR_OAUTH_URLS,
  });
  for (const executor of options.executors ?? []) executors.set(executor.key, executor);
  const secrets =
    options.secrets ??
    new ConnectionSecrets({
      address: config.VAULT_ADDR,
      token: config.VAULT_TOKEN ?? '',
      mount: config.VAULT_KV_MOUNT,
    });

  return Worker.create({
    connection: options.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: options.taskQueue ?? config.TEMPORAL_TASK_QUEUE,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath, bundlerOptions: workflowBundlerOptions }),
    activities: {
      ...createActivities({
        catalog,
        executors,
        secrets,
        logger: options.logger,
        ...(options.liveEvents ? { liveEvents: options.liveEvents } : {}),
        ...(options.redis
          ? { connections: sharedConnectionRuntimes({ redis: options.redis, secrets }) }
          : {}),
      }),
      ...createAgentActivities({
        catalog,
        secrets,
        logger: options.logger,
        chatModels: options.chatModels ?? unavailableChatModels,
        ...(options.liveEvents ? { liveEvents: options.liveEvents } : {}),
      }),
    },
    dataConverter: dataConverterFromConfig(config),
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    shutdownGraceTime: '30s',
  });
}
