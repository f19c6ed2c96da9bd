import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curlLine } from './curl-line';

// The line the trigger's inspector offers, run by a real shell, curl and openssl against a server
// that checks the credentials as the webhook endpoint does.
const run = promisify(execFile);
const SECRET = "whsec_it's $HOME `x`";
const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    seen.push({ headers: req.headers, body });
    res.end('ok');
  });
});
let url: string;
beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/acme/it's-here`;
});
afterAll(() => server.close());

describe('the curl line', () => {
  it('sends the secret header exactly, whatever the secret holds', async () => {
    await run('sh', ['-c', curlLine(url, { method: 'POST', authMode: 'header' }, SECRET)]);
    const call = seen.at(-1)!;
    expect(call.headers['x-webhook-secret']).toBe(SECRET);
    expect(JSON.parse(call.body)).toEqual({ hello: 'world' });
  });

  it("signs the body it sends with the secret's HMAC-SHA256", async () => {
    await run('sh', ['-c', curlLine(url, { method: 'PUT', authMode: 'hmac' }, SECRET)]);
    const call = seen.at(-1)!;
    const expected = createHmac('sha256', SECRET).update(call.body).digest('hex');
    expect(call.headers['x-signature']).toBe(`sha256=${expected}`);
    expect(call.headers['x-webhook-secret']).toBeUndefined();
  });
});
