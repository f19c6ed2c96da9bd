import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { NodeType } from '@bizosaas/shared';
import type { Config } from '@bizosaas/shared/config';
import { builtinCatalog, type NodeExecutor } from '@bizosaas/nodes';
import { builtinExecutors } from '@bizosaas/nodes/executors';
import { createActivities } from './activities/execute-node.js';
import { dataConverterFromConfig } from './data-converter.js';
import type { LiveEvents } from './live-events.js';
import type { Logger } from './logger.js';
import { ConnectionSecrets } from './secrets/index.js';

export { createLogger, type Logger } from './logger.js';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

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
  /** Where node starts and ends are announced to open editors; none by default. */
  liveEvents?: LiveEvents;
  /** A prebuilt workflow bundle (see `bundleWorkflowCode`), to skip bundling at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** The worker that runs every flow: the `runFlow` interpreter and the `executeNode` activity. */
export async function createFlowWorker(options: FlowWorkerOptions): Promise<Worker> {
  const { config } = options;
  const catalog = builtinCatalog();
  for (const nodeType of options.nodeTypes ?? []) catalog.register(nodeType);
  const executors = builtinExecutors();
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
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createActivities({
      catalog,
      executors,
      secrets,
      logger: options.logger,
      ...(options.liveEvents ? { liveEvents: options.liveEvents } : {}),
    }),
    dataConverter: dataConverterFromConfig(config),
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    shutdownGraceTime: '30s',
  });
}
