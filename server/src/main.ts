// The API server process: `npm run up` starts it; in production run it with the env of README.
import { Redis } from 'ioredis';
import { readConfig } from '@bizosaas/shared/config';
import { createApp } from './app.js';
import { openOrm } from './db/orm.js';
import { healthChecks } from './health.js';
import { createLogger } from './logger.js';

const config = readConfig(process.env);
const logger = createLogger(config);
const orm = await openOrm(config);
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: false });
redis.on('error', (error) => logger.warn({ err: error.message }, 'redis connection problem'));

const app = createApp({ health: healthChecks({ config, orm, redis }) });
const server = app.listen(config.SERVER_PORT, config.SERVER_HOST, () => {
  logger.info({ url: `http://${config.SERVER_HOST}:${config.SERVER_PORT}` }, 'server listening');
});

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  server.close();
  await Promise.allSettled([orm.close(), redis.quit()]);
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
