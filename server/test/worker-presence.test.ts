// The API says whether a worker polls the flow task queue, so the editor can say why runs wait.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerPresence, type WorkerPresence } from '../src/runs/worker-presence.js';
import {
  call,
  config,
  signUp,
  startFlowWorker,
  startTestServer,
  type Session,
  type TestServer,
} from './harness.js';

let server: TestServer;
let owner: Session;
beforeAll(async () => {
  // A task queue of its own that no worker polls yet.
  server = await startTestServer({ ingressWorker: false });
  owner = await signUp(server.url);
});
afterAll(() => server.close());

const health = async () =>
  (
    await call<{ workers: WorkerPresence }>(server.url, 'system.health', undefined, {
      ...owner,
      type: 'query',
    })
  ).data?.workers;

describe('system.health', () => {
  it('says no worker polls the flow queue, then that one does once a worker starts', async () => {
    expect(await health()).toMatchObject({ flowWorkers: 'none' });

    const worker = await startFlowWorker(server.services.config.TEMPORAL_TASK_QUEUE);
    try {
      // Answers are cached for 5 s.
      await expect
        .poll(async () => (await health())?.flowWorkers, { timeout: 15_000, interval: 500 })
        .toBe('polling');
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it('says "unknown", not "none", when Temporal does not answer', async () => {
    const check = workerPresence({ ...config, TEMPORAL_ADDRESS: '127.0.0.1:9' });
    try {
      expect(await check()).toMatchObject({ flowWorkers: 'unknown' });
    } finally {
      await check.close();
    }
  });
});
