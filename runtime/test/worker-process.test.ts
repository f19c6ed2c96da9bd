// The worker as `npm run up` starts it, in its own process: killed mid-activity, and its logs read.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FlowGraph } from '@bizosaas/shared';
import { ConnectionSecrets } from '../src/index.js';
import { chain, node } from './support/flows.js';
import { startHarness, TENANT, type Harness } from './support/harness.js';
import { spawnWorker as spawnWorkerProcess, type WorkerProcess } from './support/worker-process.js';

let h: Harness;
let server: Server;
let base: string;
let port: number;
const hits = new Map<string, number>();
const workers: WorkerProcess[] = [];

async function spawnWorker(taskQueue: string, healthPort: number): Promise<WorkerProcess> {
  const worker = await spawnWorkerProcess(taskQueue, healthPort);
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = `${String(req.headers['idempotency-key'])}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const reply = () =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ echoed: body }));
      if (url.pathname === '/slow') setTimeout(reply, Number(url.searchParams.get('ms') ?? 4000));
      else if (url.pathname === '/flaky' && (hits.get(key) ?? 0) < 2) res.writeHead(503).end();
      else if (url.pathname === '/missing') res.writeHead(404).end();
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  h = await startHarness({
    worker: false,
    outbound: { allowPrivateNetworks: false, allowedHosts: [`127.0.0.1:${port}`] },
  });
});

afterAll(async () => {
  for (const { child } of workers) if (child.exitCode === null) child.kill('SIGTERM');
  await h?.close();
  server?.close();
});

const post = (id: string, path: string, extra = {}) =>
  node(id, 'core.http_request', {
    params: {
      method: 'POST',
      url: `${base}${path}`,
      body: { type: 'json', json: '{{ $trigger }}' },
    } as never,
    retry: { maxAttempts: 3, initialIntervalMs: 100 },
    ...extra,
  });

describe('the worker process', () => {
  test('killed with SIGKILL mid-activity: a new worker finishes the run and no completed node runs twice', async () => {
    const taskQueue = `${h.taskQueue}-durability`;
    const first = await spawnWorker(taskQueue, 20_000 + Math.floor(Math.random() * 10_000));
    const runId = randomUUID();
    const flow = chain([
      post('a', '/fast'),
      post('b', '/slow?ms=4000', { timeoutMs: 20_000 }),
      post('c', '/fast'),
    ]);
    const handle = await startOn(taskQueue, flow, runId);
    await until(() => (hits.get(`${runId}:b`) ?? 0) > 0);
    first.child.kill('SIGKILL');
    await spawnWorker(taskQueue, 30_000 + Math.floor(Math.random() * 10_000));
    const result = await handle.result();
    expect(result.output).toMatchObject({ status: 200 });
    expect(hits.get(`${runId}:a`)).toBe(1);
    expect(hits.get(`${runId}:c`)).toBe(1);
    // b was cut off mid-call, so it ran again after the heartbeat timeout, under the same key.
    expect(hits.get(`${runId}:b`)).toBe(2);
  }, 90_000);

  test('history and logs hold neither the credential nor payload values, on success, failure, timeout and retry', async () => {
    const taskQueue = `${h.taskQueue}-secrecy`;
    const worker = await spawnWorker(taskQueue, 40_000 + Math.floor(Math.random() * 10_000));
    const secrets = new ConnectionSecrets({
      address: h.config.VAULT_ADDR,
      token: h.config.VAULT_TOKEN ?? '',
      mount: h.config.VAULT_KV_MOUNT,
    });
    const connectionId = `conn-${randomUUID()}`;
    const credential = `cred-${randomUUID()}`;
    await secrets.write(TENANT, connectionId, { type: 'bearer', token: credential });
    const marker = `payload-${randomUUID()}`;
    const flows = {
      succeeded: chain([post('call', '/fast', { connectionId })]),
      failed: chain([post('call', '/missing', { connectionId })]),
      timedOut: chain([
        post('call', '/slow?ms=3000', {
          connectionId,
          timeoutMs: 1_000,
          retry: { maxAttempts: 1 },
        }),
      ]),
      retried: chain([post('call', '/flaky', { connectionId })]),
    };
    const ids: string[] = [];
    for (const flow of Object.values(flows)) {
      const handle = await startOn(taskQueue, flow, randomUUID(), {
        email: `${marker}@example.test`,
        note: marker,
      });
      ids.push(handle.workflowId);
      await handle.result().catch(() => undefined);
    }
    const raw = await Connection.connect({ address: h.config.TEMPORAL_ADDRESS });
    try {
      for (const workflowId of ids) {
        const { history } = await raw.workflowService.getWorkflowExecutionHistory({
          namespace: h.config.TEMPORAL_NAMESPACE,
          execution: { workflowId },
        });
        const bytes = Buffer.from(
          temporal.api.history.v1.History.encode(history ?? {}).finish(),
        ).toString('latin1');
        const json = JSON.stringify(
          temporal.api.history.v1.History.fromObject(history ?? {}).toJSON(),
        );
        for (const secret of [credential, marker]) {
          for (const form of [secret, ...base64Forms(secret)]) {
            expect(
              bytes.includes(form) || json.includes(form),
              `${workflowId} leaks ${secret}`,
            ).toBe(false);
          }
        }
      }
    } finally {
      await raw.close();
      await secrets.remove(TENANT, connectionId);
    }
    const logs = worker.logs.join('');
    expect(logs).toContain('node failed');
    expect(logs).not.toContain(credential);
    expect(logs).not.toContain(marker);
  }, 90_000);
});

function startOn(taskQueue: string, flow: FlowGraph, runId: string, trigger: unknown = { n: 1 }) {
  return h.start(flow, trigger, { runId }, taskQueue);
}

// The bytes a base64 encoder emits for `text` at each of the three alignments it can start at.
function base64Forms(text: string): string[] {
  return [0, 1, 2].map((offset) =>
    Buffer.from(`${'\0'.repeat(offset)}${text}`)
      .toString('base64')
      .slice(Math.ceil(offset / 3) * 4, -4),
  );
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
