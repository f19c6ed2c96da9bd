// The API server process: `npm run up` starts it; in production run it with the env of README.
import { readConfig } from '@bizosaas/shared/config';
import { createLogger } from './logger.js';
import { openServer } from './server.js';

const config = readConfig(process.env);
const logger = createLogger(config);
const { app, close } = await openServer(config, { logger });
const server = app.listen(config.SERVER_PORT, config.SERVER_HOST, () => {
  logger.info({ url: `http://${config.SERVER_HOST}:${config.SERVER_PORT}` }, 'server listening');
});

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  server.close();
  await close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
