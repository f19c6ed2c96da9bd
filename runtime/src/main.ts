// The worker process: `node scripts/run-ts.mjs runtime/src/main.ts`. Runs every flow on the task queue,
// answers /healthz, and on SIGTERM stops polling, lets running activities finish (up to the grace
// time), then exits.
import { createServer } from 'node:http';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  type LogLevel,
  type LogMetadata,
} from '@temporalio/worker';
import { Redis } from 'ioredis';
import { createChatModel } from '@bizosaas/nodes/models';
import { readConfig } from '@bizosaas/shared/config';
import { redisLiveEvents } from './live-events.js';
import { createFlowWorker, createLogger } from './worker.js';

const config = readConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);

// Temporal's own logs go through the same JSON logger; error objects are reduced to their name
// and message (ours never quote payloads or credentials), never their stacks or causes.
Runtime.install({
  logger: new DefaultLogger(temporalLevel(config.LOG_LEVEL), ({ level, message, meta }) => {
    const method =
      level === 'TRACE'
        ? 'trace'
        : level === 'DEBUG'
          ? 'debug'
          : level === 'INFO'
            ? 'info'
            : level === 'WARN'
              ? 'warn'
              : 'error';
    logger[method]({ temporal: true, ...scrub(meta) }, message);
  }),
  shutdownSignals: ['SIGTERM', 'SIGINT'],
});

const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const liveEvents = redisLiveEvents(config.REDIS_URL);
const redis = new Redis(config.REDIS_URL);
// Agents' models: an LLM connection's vendor model over the guarded fetch (each answer priced by
// the model that gave it), else the local model.
const worker = await createFlowWorker({
  config,
  connection,
  logger,
  liveEvents,
  redis,
  chatModels: createChatModel,
});

const health = createServer((req, res) => {
  if (req.url !== '/healthz') {
    res.writeHead(404).end();
    return;
  }
  const state = worker.getState();
  const ok = state === 'RUNNING';
  res
    .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
    .end(JSON.stringify({ ok, state }));
});
health.listen(config.WORKER_HEALTH_PORT, '127.0.0.1');
logger.info(
  { taskQueue: config.TEMPORAL_TASK_QUEUE, healthPort: config.WORKER_HEALTH_PORT },
  'worker started',
);

// Resolves once a shutdown signal has drained the worker.
await worker.run();
health.close();
await liveEvents.close();
await redis.quit();
await connection.close();
logger.info('worker stopped');

function temporalLevel(level: string): LogLevel {
  if (level === 'trace' || level === 'debug') return level.toUpperCase() as LogLevel;
  if (level === 'info') return 'INFO';
  if (level === 'warn') return 'WARN';
  return 'ERROR';
}

function scrub(meta: LogMetadata | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  }
  return out;
}
