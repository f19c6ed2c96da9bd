// The README's "How to write a node" example, compiled and run: its declaration joins a catalog and
// validates params, and its executor calls a local server standing in for Acme's API.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeCatalog, type NodeType } from '@bizosaas/shared';
import { builtinNodes, NodeError, type ActionContext } from '../src/index.js';
import { acmeFindContact } from './fixtures/acme-crm/find-contact.js';
import { acmeFindContactExecutor } from './fixtures/acme-crm/find-contact.executor.js';

const requests: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
const acme = createServer((req, res) => {
  requests.push({ url: req.url ?? '', headers: req.headers });
  const email = new URL(req.url ?? '/', 'http://acme').searchParams.get('email');
  if (email === 'down@example.com') return res.writeHead(503).end();
  if (email !== 'ada@example.com') return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: 'c_1', name: 'Ada Lovelace' }));
});
let baseUrl: string;
beforeAll(async () => {
  acme.listen(0, '127.0.0.1');
  await once(acme, 'listening');
  baseUrl = `http://127.0.0.1:${(acme.address() as AddressInfo).port}`;
});
afterAll(() => acme.close());

const run = (email: string) =>
  acmeFindContactExecutor.execute({
    params: { email },
    input: {},
    credentials: { baseUrl, token: 'acme-test-token' },
    idempotencyKey: 'run-1:find',
    signal: new AbortController().signal,
    heartbeat() {},
    // The guard refuses loopback by default; the tenant's settings open it for this stand-in.
    outbound: { allowPrivateNetworks: true, allowedHosts: [] },
    maxOutputBytes: 1_000_000,
    attempt: 1,
  } satisfies ActionContext<{ email: string }>);

describe('the acme-crm example node', () => {
  it('joins the catalog and validates its params', () => {
    const catalog = new NodeCatalog([...builtinNodes, acmeFindContact] as NodeType[]);
    expect(catalog.get('acme_crm.find_contact', 1)?.title).toBe('Find contact');
    expect(acmeFindContact.params.safeParse({ email: 'x' }).success).toBe(false);
  });

  it('finds a contact, sending the token and the idempotency key', async () => {
    expect(await run('ada@example.com')).toEqual({ id: 'c_1', name: 'Ada Lovelace' });
    const sent = requests.at(-1)!;
    expect(sent.url).toBe('/contacts?email=ada%40example.com');
    expect(sent.headers.authorization).toBe('Bearer acme-test-token');
    expect(sent.headers['idempotency-key']).toBe('run-1:find');
  });

  it('answers null for an unknown email and a retryable HTTP_STATUS when Acme is down', async () => {
    expect(await run('nobody@example.com')).toBeNull();
    const failure = await run('down@example.com').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NodeError);
    expect(failure).toMatchObject({ code: 'HTTP_STATUS', retryable: true });
  });
});

it("is the README's example, line for line", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const file of ['find-contact.ts', 'find-contact.executor.ts']) {
    const source = readFileSync(new URL(`./fixtures/acme-crm/${file}`, import.meta.url), 'utf8');
    expect(readme).toContain(source.slice(source.indexOf('\n') + 1));
  }
});
