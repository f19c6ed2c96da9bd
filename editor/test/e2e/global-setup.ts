import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { NativeConnection } from '@temporalio/worker';
import { readConfig } from '@bizosaas/shared/config';
import { createChatModel } from '@bizosaas/nodes/models';
import { createFlowWorker, createLogger } from '@bizosaas/runtime/worker';
import { redisLiveEvents } from '@bizosaas/runtime';
import { testStackEnv } from '@bizosaas/scripts/test-env';
import { migrate, openServer } from '@bizosaas/server';

declare module 'vitest' {
  export interface ProvidedContext {
    editorUrl: string;
    /** The built editor, for a test that serves it from a server of its own. */
    editorDir: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

/**
 * The real stack the browser tests drive: the editor built as production ships it, served by an
 * in-process server (tRPC, auth, PostgreSQL, OpenBao) on the test stack, with a flow worker on a
 * task queue of its own so test runs execute for real and never meet another suite's runs.
 */
export default async function setup(project: TestProject) {
  // A build of its own, never editor/dist: another run (or `npm run up`) building or serving that
  // meanwhile would pull the files from under this run's browser.
  const editorDir = mkdtempSync(join(tmpdir(), 'bizosaas-editor-'));
  // Vitest runs with NODE_ENV=test, under which Vite would bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, logLevel: 'warn', build: { outDir: editorDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const base = readConfig({ ...process.env, ...testStackEnv() });
  // Listening first gives the address that invite links must carry.
  const http = createServer();
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const config = {
    ...base,
    PUBLIC_URL: url,
    TEMPORAL_TASK_QUEUE: unique('e2e-flows'),
    TEMPORAL_PLATFORM_TASK_QUEUE: unique('e2e-platform'),
  };
  const server = await openServer(config, {
    notificationQueue: unique('e2e-notifications'),
    editorDir,
  });
  await migrate(server.services.orm);
  http.on('request', server.app);

  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  // Live notices as a worker process sends them, so the canvas paints runs as users see it.
  const liveEvents = redisLiveEvents(config.REDIS_URL);
  const worker = await createFlowWorker({
    config,
    connection,
    logger: createLogger('warn'),
    liveEvents,
    // Agents on LLM connections, as a worker process runs them (the chat test's is a local stand-in).
    chatModels: createChatModel,
  });
  const running = worker.run();

  project.provide('editorUrl', url);
  project.provide('editorDir', editorDir);
  return async () => {
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
    worker.shutdown();
    await running;
    await connection.close();
    await liveEvents.close();
    await server.close();
    rmSync(editorDir, { recursive: true, force: true });
  };
}
