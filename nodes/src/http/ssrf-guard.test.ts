import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_OUTBOUND_POLICY,
  guardedFetch,
  RedirectError,
  SsrfRefusedError,
  type OutboundPolicy,
} from './ssrf-guard.js';

interface TestServer {
  readonly port: number;
  readonly origin: string;
  readonly requests: {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[];
}

const servers: Server[] = [];

async function startServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      handle(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, origin: `http://127.0.0.1:${port}`, requests };
}

const answer = (text: string) => (_req: IncomingMessage, res: ServerResponse) => res.end(text);
const redirectTo =
  (location: string, status = 302) =>
  (_req: IncomingMessage, res: ServerResponse) =>
    res.writeHead(status, { location }).end();

const allow = (...allowedHosts: string[]): OutboundPolicy => ({
  allowPrivateNetworks: false,
  allowedHosts,
});

async function refusal(promise: Promise<unknown>): Promise<SsrfRefusedError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SsrfRefusedError);
  return error as SsrfRefusedError;
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(resolve);
        }),
    ),
  );
});

describe('guardedFetch refuses internal addresses written literally', () => {
  it.each([
    ['http://127.0.0.1/', '127.0.0.1', 'loopback'],
    ['http://127.1/', '127.0.0.1', 'loopback'],
    ['http://0x7f.1/', '127.0.0.1', 'loopback'],
    ['http://0177.0.0.1/', '127.0.0.1', 'loopback'],
    ['http://2130706433/', '127.0.0.1', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]', 'loopback'],
    ['http://[::ffff:7f00:1]/', '[::ffff:7f00:1]', 'loopback'],
    ['http://[::1]/', '[::1]', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'metadata'],
    ['http://[fd00:ec2::254]/', '[fd00:ec2::254]', 'metadata'],
    ['http://0.0.0.0/', '0.0.0.0', 'unspecified'],
    ['http://10.0.0.1/', '10.0.0.1', 'private'],
    ['http://192.168.1.1/', '192.168.1.1', 'private'],
    ['http://[fd00::1]/', '[fd00::1]', 'private'],
  ])('%s', async (url, host, reason) => {
    const error = await refusal(guardedFetch(url, {}, DEFAULT_OUTBOUND_POLICY));
    expect(error.host).toBe(host);
    expect(error.reason).toBe(reason);
    expect(error.message.startsWith(`outbound request to ${host} refused: `)).toBe(true);
  });

  it('refuses credentials in the URL without repeating them', async () => {
    const server = await startServer(answer('should not be reached'));
    const attempt = guardedFetch(
      `http://alice:hunter2@127.0.0.1:${server.port}/`,
      {},
      allow(`127.0.0.1:${server.port}`),
    );
    await expect(attempt).rejects.toThrow(
      `the URL for 127.0.0.1:${server.port} carries credentials`,
    );
    await expect(attempt).rejects.not.toThrow(/hunter2/);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses schemes other than http and https', async () => {
    const error = await refusal(guardedFetch('file:///etc/passwd', {}, DEFAULT_OUTBOUND_POLICY));
    expect(error.reason).toBe('unsupported-scheme');
  });

  it('names the host but never the credentials or query of the refused URL', async () => {
    const error = await refusal(
      guardedFetch(
        'http://alice:hunter2@127.0.0.1/reset?token=abc123',
        {},
        DEFAULT_OUTBOUND_POLICY,
      ),
    );
    expect(error.message).toBe(
      'outbound request to 127.0.0.1 refused: loopback address (a tenant admin can allow private networks or this host in the tenant settings)',
    );
    expect(error.message).not.toMatch(/alice|hunter2|token|abc123|reset/);
  });
});

describe('guardedFetch checks the address it actually connects to', () => {
  it('refuses a host name that resolves to loopback, at connect time, before any request is sent', async () => {
    const server = await startServer(answer('should not be reached'));
    const error = await refusal(
      guardedFetch(`http://localhost:${server.port}/`, {}, DEFAULT_OUTBOUND_POLICY),
    );
    expect(error.host).toBe('localhost');
    expect(error.address).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(error.message).toMatch(
      /^outbound request to localhost \(resolved to (127\.0\.0\.1|::1)\) refused: loopback/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('reaches a local server the tenant allowed by exact host and port', async () => {
    const server = await startServer(answer('hello from the test server'));
    const response = await guardedFetch(
      `${server.origin}/ping`,
      {},
      allow(`127.0.0.1:${server.port}`),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello from the test server');
  });

  it('does not let an allowed host:port open other ports on the same host', async () => {
    const allowed = await startServer(answer('allowed'));
    const other = await startServer(answer('other'));
    await refusal(guardedFetch(`${other.origin}/`, {}, allow(`127.0.0.1:${allowed.port}`)));
    await refusal(
      guardedFetch(`http://localhost:${other.port}/`, {}, allow(`localhost:${allowed.port}`)),
    );
    expect(other.requests).toHaveLength(0);
  });

  it('lets loopback through, literal or resolved, when the tenant allows private networks', async () => {
    const server = await startServer(answer('private ok'));
    const policy: OutboundPolicy = { allowPrivateNetworks: true, allowedHosts: [] };
    expect(await (await guardedFetch(`http://127.1:${server.port}/`, {}, policy)).text()).toBe(
      'private ok',
    );
    expect(await (await guardedFetch(`http://localhost:${server.port}/`, {}, policy)).text()).toBe(
      'private ok',
    );
  });

  it('keeps cloud metadata refused even when private networks are allowed', async () => {
    const policy: OutboundPolicy = { allowPrivateNetworks: true, allowedHosts: [] };
    const error = await refusal(
      guardedFetch('http://169.254.169.254/latest/meta-data/', {}, policy),
    );
    expect(error.reason).toBe('metadata');
  });
});

describe('guardedFetch re-checks every redirect hop', () => {
  it('refuses a redirect from an allowed server to the metadata address', async () => {
    const server = await startServer(redirectTo('http://169.254.169.254/latest/meta-data/'));
    const error = await refusal(
      guardedFetch(`${server.origin}/go`, {}, allow(`127.0.0.1:${server.port}`)),
    );
    expect(error.reason).toBe('metadata');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a redirect from an allowed server to a loopback port it did not allow', async () => {
    const hidden = await startServer(answer('internal admin panel'));
    const server = await startServer(redirectTo(`http://127.0.0.1:${hidden.port}/`));
    const error = await refusal(
      guardedFetch(`${server.origin}/go`, {}, allow(`127.0.0.1:${server.port}`)),
    );
    expect(error.reason).toBe('loopback');
    expect(hidden.requests).toHaveLength(0);
  });

  it('refuses a redirect to a host name that resolves to loopback', async () => {
    const hidden = await startServer(answer('internal'));
    const server = await startServer(redirectTo(`http://localhost:${hidden.port}/`));
    await refusal(guardedFetch(`${server.origin}/go`, {}, allow(`127.0.0.1:${server.port}`)));
    expect(hidden.requests).toHaveLength(0);
  });

  it('follows allowed redirects, turning a POST into a GET on 303 and dropping credentials across origins', async () => {
    const target = await startServer(answer('landed'));
    const server = await startServer(redirectTo(`${target.origin}/landing`, 303));
    const response = await guardedFetch(
      `${server.origin}/submit`,
      {
        method: 'POST',
        body: 'name=ada',
        headers: { authorization: 'Bearer s3cret', 'x-trace': 't1' },
      },
      allow(`127.0.0.1:${server.port}`, `127.0.0.1:${target.port}`),
    );
    expect(await response.text()).toBe('landed');
    expect(response.url).toBe(`${target.origin}/landing`);
    expect(server.requests[0]).toMatchObject({ method: 'POST', body: 'name=ada' });
    const [landed] = target.requests;
    expect(landed).toMatchObject({ method: 'GET', url: '/landing', body: '' });
    expect(landed?.headers.authorization).toBeUndefined();
    expect(landed?.headers['x-trace']).toBe('t1');
  });

  it('repeats method and body on 307', async () => {
    let hops = 0;
    const server = await startServer((_req, res) => {
      hops += 1;
      if (hops === 1) {
        res.writeHead(307, { location: '/again' }).end();
      } else {
        res.end('done');
      }
    });
    const response = await guardedFetch(
      `${server.origin}/`,
      { method: 'PUT', body: '{"a":1}' },
      allow(`127.0.0.1:${server.port}`),
    );
    expect(await response.text()).toBe('done');
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['PUT', '/', '{"a":1}'],
      ['PUT', '/again', '{"a":1}'],
    ]);
  });

  it('gives up after five redirects', async () => {
    const server = await startServer(redirectTo('/loop'));
    await expect(
      guardedFetch(`${server.origin}/`, {}, allow(`127.0.0.1:${server.port}`)),
    ).rejects.toThrow(RedirectError);
    expect(server.requests).toHaveLength(6);
  });
});

describe('guardedFetch timeout', () => {
  it('aborts a server that never answers', async () => {
    const server = await startServer(() => undefined);
    await expect(
      guardedFetch(`${server.origin}/`, { timeoutMs: 200 }, allow(`127.0.0.1:${server.port}`)),
    ).rejects.toThrow(/timeout|aborted/i);
  });
});
