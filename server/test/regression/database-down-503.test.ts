// Regression: while PostgreSQL was stopped (the fault drill "stop PostgreSQL for 10 s"), every
// API call answered 500 INTERNAL: the driver's connection errors were not told apart from bugs.
// They must answer 503 UNAVAILABLE, the code a client retries on, and the API must come back by
// itself once the database does.
//
// The shared test stack's PostgreSQL cannot be stopped (other tests use it), so this server
// reaches it through a TCP proxy the test closes: for this server, the database is gone.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hostPort } from '@bizosaas/shared/config';
import { call, config, signUp, startTestServer, type TestServer } from '../harness.js';

/** A TCP proxy to PostgreSQL that can be closed (connections cut, new ones refused) and reopened. */
async function cuttableProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let listener: Server | undefined;
  let port = 0;
  let closed = true;
  const open = () =>
    new Promise<void>((resolve) => {
      if (!closed) return resolve();
      closed = false;
      listener = createServer((client) => {
        const upstream = connect(target);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      listener.listen(port, '127.0.0.1', () => {
        port = (listener!.address() as AddressInfo).port;
        resolve();
      });
    });
  await open();
  return {
    get port() {
      return port;
    },
    async cut() {
      closed = true;
      await new Promise((resolve) => {
        listener?.close(resolve);
        for (const socket of sockets) socket.destroy();
      });
    },
    reopen: open,
  };
}

let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
let server: TestServer;

beforeAll(async () => {
  proxy = await cuttableProxy(hostPort(config.DATABASE_URL));
  const url = new URL(config.DATABASE_URL);
  url.port = String(proxy.port);
  server = await startTestServer({ config: { DATABASE_URL: url.toString() } });
});
afterAll(async () => {
  await proxy.reopen().catch(() => undefined);
  await server?.close();
});

it('answers 503 UNAVAILABLE while the database is gone, and recovers by itself', async () => {
  const owner = await signUp(server.url);
  await proxy.cut();

  for (const [path, input, type] of [
    ['auth.me', undefined, 'query'],
    ['flows.list', {}, 'query'],
    ['flows.create', { name: 'x' }, 'mutation'],
  ] as const) {
    const answer = await call(server.url, path, input, { ...owner, type });

    expect(answer.status, path).toBe(503);
    expect(answer.error?.data.code, path).toBe('UNAVAILABLE');
    expect(answer.error?.message).toBe('the database did not answer; try again shortly');
  }
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(503);

  await proxy.reopen();
  const deadline = Date.now() + 20_000;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await call(server.url, 'auth.me', undefined, { ...owner, type: 'query' })).status;
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(status).toBe(200);
});
