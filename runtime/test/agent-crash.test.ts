// The agent loop is durable: a worker killed with SIGKILL between two tool calls (while the second
// is in flight) is replaced, and the run finishes without a second model call or tool call for any
// step that had completed — Temporal's history answers for them.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunResult } from '../src/index.js';
import { startFakePlatform } from './support/fake-platform.js';
import { chain, node } from './support/flows.js';
import { startHarness, type Harness } from './support/harness.js';

const script = fileURLToPath(new URL('./support/agent-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

let h: Harness;
let platform: Awaited<ReturnType<typeof startFakePlatform>>;
let server: Server;
let base: string;
const hits = new Map<string, number>();
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    // The first call of the slow tool never answers: the worker dies while it is in flight.
    if (path.startsWith('/slow') && count === 1) return;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  h = await startHarness({
    worker: false,
    outbound: { allowPrivateNetworks: false, allowedHosts: [`127.0.0.1:${port}`] },
  });
  platform = await startFakePlatform(h.config, {});
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await platform?.close();
  await h?.close();
  server?.closeAllConnections();
  server?.close();
});

async function spawnWorker(taskQueue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, AGENT_TEST_BASE: base },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('agent worker ready')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', () => reject(new Error(`agent worker exited:\n${output}`)));
  });
  return child;
}

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('killed between two tool calls, a new worker resumes without repeating a finished model or tool call', async () => {
  const taskQueue = `${h.taskQueue}-agent-crash`;
  const first = await spawnWorker(taskQueue);
  const runId = randomUUID();
  const handle = await h.start(
    chain([
      node('agent', 'agent', {
        params: {
          instructions: 'Call both endpoints.',
          task: 'Call both endpoints, one after the other.',
          tools: [{ operation: 'core.http_request' }],
        },
      }),
    ]),
    {},
    { runId, platformTaskQueue: platform.taskQueue },
    taskQueue,
  );
  await until(() => hits.get('/slow/b') === 1);
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));
  await spawnWorker(taskQueue);

  const result = (await handle.result()) as RunResult;
  expect(result.output).toMatchObject({ text: 'both calls done', steps: 3 });
  expect(Object.fromEntries(hits)).toEqual({
    '/model/0': 1,
    '/tool/a': 1,
    '/model/1': 1,
    // The call in flight when the worker died is the one that runs again (same idempotency key).
    '/slow/b': 2,
    '/model/2': 1,
  });
  const steps = [...platform.agentDecisions.values()].filter((d) => d.runId === runId);
  expect(steps.map((s) => s.step).sort()).toEqual([1, 2, 3]);
}, 180_000);
