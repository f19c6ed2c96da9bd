// Open editors hear at once that a run moved or the approvals changed (server-sent events over
// Redis pub/sub), and only about their own workspace.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, signUp, startTestServer, type Session, type TestServer } from './harness.js';
import { approvalFlow, httpFlow } from './flows.js';

let server: TestServer;
let service: Server;
let serviceHost: string;
let owner: Session;
let stranger: Session;

beforeAll(async () => {
  service = createServer((_req, res) => res.end('{"pong":true}'));
  service.listen(0, '127.0.0.1');
  await once(service, 'listening');
  serviceHost = `127.0.0.1:${(service.address() as AddressInfo).port}`;
  // Streams check their session every 200 ms here (20 s by default).
  server = await startTestServer({ worker: true, liveRecheckMs: 200 });
  owner = await signUp(server.url);
  stranger = await signUp(server.url);
  await call(
    server.url,
    'settings.update',
    { outbound: { allowPrivateNetworks: false, allowedHosts: [serviceHost] } },
    owner,
  );
});
afterAll(async () => {
  await server?.close();
  service?.close();
});

/** Follows /events as the browser's EventSource would, collecting the notices. */
async function follow(who: Session) {
  const abort = new AbortController();
  const response = await fetch(`${server.url}/events`, {
    headers: { cookie: who.cookie, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const events: unknown[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body!) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data) events.push(JSON.parse(data));
      }
    }
  })().catch(() => undefined);
  return {
    events,
    /** Resolves true once the server has ended the stream, false if it is still open after `ms`. */
    ended: (ms: number) =>
      Promise.race([
        reading.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
      ]),
    async waitFor(match: (event: unknown) => boolean, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (!events.some(match)) {
        if (Date.now() > until) throw new Error(`no such event in ${JSON.stringify(events)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      abort.abort();
      await reading;
    },
  };
}

async function startRun(graph: ReturnType<typeof httpFlow>, payload = {}) {
  const flow = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: `live ${Math.random()}`, graph },
    owner,
  );
  await call(server.url, 'flows.publish', { flowId: flow.data!.id, revision: 1 }, owner);
  const run = await call<{ runId: string }>(
    server.url,
    'runs.start',
    { flowId: flow.data!.id, payload },
    owner,
  );
  return run.data!.runId;
}

describe('live events at /events', () => {
  it('refuses a caller who is not signed in', async () => {
    const response = await fetch(`${server.url}/events`);
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });

  it("tells a workspace's editors that its run moved and its approvals changed, and nobody else", async () => {
    const mine = await follow(owner);
    const theirs = await follow(stranger);
    try {
      const runId = await startRun(httpFlow(`http://${serviceHost}/ping`));
      await mine.waitFor((e) => JSON.stringify(e) === JSON.stringify({ topic: 'run', runId }));

      const waiting = await startRun(approvalFlow({ assignees: { roles: ['owner'] } }), {
        customer: 'ACME',
        discount: 5,
      });
      await mine.waitFor((e) => JSON.stringify(e) === JSON.stringify({ topic: 'approvals' }));
      await mine.waitFor(
        (e) => JSON.stringify(e) === JSON.stringify({ topic: 'run', runId: waiting }),
      );

      expect(theirs.events).toEqual([]);
    } finally {
      await mine.close();
      await theirs.close();
    }
  });

  it('ends the stream of a session signed out while it is open, and keeps the others', async () => {
    const laptop = await login(server.url, owner.email, owner.password);
    const phone = await follow(laptop);
    const desk = await follow(owner);
    try {
      expect(await phone.ended(600)).toBe(false);
      await call(server.url, 'auth.logout', undefined, laptop);
      expect(await phone.ended(5_000)).toBe(true);
      expect(await desk.ended(600)).toBe(false);
    } finally {
      await phone.close();
      await desk.close();
    }
  });
});
