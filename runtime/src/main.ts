// The worker process. Until the interpreter workflow lands (issue 4) it holds a connection to
// Temporal and reports it on /healthz, so `npm run up` and `npm run status` see a live worker.
import { createServer } from 'node:http';
import { NativeConnection } from '@temporalio/worker';
import { readConfig } from '@bizosaas/shared/config';

const config = readConfig(process.env);
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });

const health = createServer(async (req, res) => {
  if (req.url !== '/healthz') {
    res.writeHead(404).end();
    return;
  }
  try {
    await connection.workflowService.getSystemInfo({});
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  } catch (error) {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: (error as Error).message }));
  }
});
health.listen(config.WORKER_HEALTH_PORT, '127.0.0.1');

async function shutdown() {
  health.close();
  await connection.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
