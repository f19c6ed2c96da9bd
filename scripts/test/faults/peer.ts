// The local HTTP peer the drills' action nodes call: an API that honours Idempotency-Key as
// Stripe does (a replayed key gets the first answer and no second effect) and takes its time.
// It counts the side effects it applied per run, so a run whose node took effect twice (a retry
// that came with another key) shows up as a duplicate.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Peer {
  port: number;
  host: string;
  /** Requests being worked on right now. */
  inFlight(): number;
  /** Side effects applied, per run id the request named. */
  effects: Map<string, number>;
  /** Requests that came with a key already seen (retries after a crash, mostly). */
  replays(): number;
  /** Runs whose effect was applied more than once. */
  duplicated(): number;
  close(): Promise<void>;
}

export async function startPeer(delayMs: number): Promise<Peer> {
  const answers = new Map<string, Promise<string>>();
  const effects = new Map<string, number>();
  let inFlight = 0;
  let replays = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string') {
        res.writeHead(400).end('an Idempotency-Key header is required');
        return;
      }
      let answer = answers.get(key);
      if (answer) replays++;
      else {
        // Once started, the effect happens even if the caller goes away (it was killed).
        inFlight++;
        answer = new Promise<string>((resolve) => setTimeout(resolve, delayMs)).then(() => {
          inFlight--;
          const { runId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
            runId?: string;
          };
          const run = runId ?? 'unknown';
          effects.set(run, (effects.get(run) ?? 0) + 1);
          return JSON.stringify({ applied: run });
        });
        answers.set(key, answer);
      }
      void answer.then((body) => {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    host: '127.0.0.1',
    inFlight: () => inFlight,
    effects,
    replays: () => replays,
    duplicated: () => [...effects.values()].filter((n) => n > 1).length,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
