// A bare worker process for runaway-stress.ts: the workflows of WORKFLOWS_PATH on TASK_QUEUE.
import { NativeConnection, Worker } from '@temporalio/worker';
import { readConfig } from '@bizosaas/shared/config';

const config = readConfig(process.env);
const worker = await Worker.create({
  connection: await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: process.env.TASK_QUEUE ?? '',
  workflowsPath: process.env.WORKFLOWS_PATH ?? '',
});
console.log('worker ready');
await worker.run();
