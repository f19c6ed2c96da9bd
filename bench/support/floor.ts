// A floor process of the throughput bench: `floor.ts worker` runs floorFlow with the flow
// worker's settings; `floor.ts server` answers POST /sync (start the workflow, wait, return its
// result) and POST /async (start it, answer 202), with a plain Temporal client: no codec, no
// database, no queue. GET /healthz answers once it is ready.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { readConfig } from '@bizosaas/shared/config';

const config = readConfig(process.env);
const port = Number(process.env.FLOOR_PORT);
const taskQueue = process.env.FLOOR_TASK_QUEUE ?? 'bench-floor';

function healthz(ready: () => boolean) {
  return createServer((req, res) => {
    if (req.url === '/healthz') res.writeHead(ready() ? 200 : 503).end();
    else res.writeHead(404).end();
  });
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

if (process.argv[2] === 'worker') {
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./floor-workflows.ts', import.meta.url)),
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  healthz(() => worker.getState() === 'RUNNING').listen(port, '127.0.0.1');
  await worker.run();
} else {
  const client = new Client({
    connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }),
    namespace: config.TEMPORAL_NAMESPACE,
  });
  const server = createServer((req, res) => {
    const reply = (status: number, answer: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    if (req.url === '/healthz') return reply(200, { ok: true });
    const options = { taskQueue, workflowId: `floor/${randomUUID()}` };
    const run = async () => {
      const args = [{ body: await body(req) }] as const;
      if (req.url === '/sync') {
        const result = await client.workflow.execute('floorFlow', { ...options, args: [...args] });
        return reply(200, { runId: options.workflowId, result });
      }
      if (req.url === '/async') {
        await client.workflow.start('floorFlow', { ...options, args: [...args] });
        return reply(202, { runId: options.workflowId, status: 'accepted' });
      }
      return reply(404, {});
    };
    run().catch((error: unknown) => reply(500, { error: (error as Error).message }));
  });
  server.listen(port, '127.0.0.1');
}
