import { z } from 'zod';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openConnection } from '../../src/connectors/executors.js';
import {
  defineConnection,
  defineConnector,
  oauth2Auth,
  oauth2ClientFields,
} from '../../src/connectors/sdk/index.js';
import { json, startVendor } from '../support/vendor-server.js';

// Without a connection runtime (a worker started without Redis) the client keyed its in-process
// token refresh by the connector alone: a second connection of the same connector, its token
// expired too, was handed the first connection's fresh access token. The key is now the
// connection's stored credentials.

const connection = defineConnection({
  auth: [
    oauth2Auth({
      id: 'oauth2',
      title: 'OAuth2',
      credentials: z.object({ ...oauth2ClientFields, tokenUrl: z.string() }),
      authorizeUrl: () => 'https://acme.example/authorize',
      tokenUrl: (c) => c.tokenUrl,
      scopes: ['read'],
    }),
  ],
  baseUrl: () => 'https://api.acme.example/v1',
  allowedHosts: (c) => ['api.acme.example', new URL(c.tokenUrl).host],
  test: { method: 'GET', path: '/me' },
});
const acme = defineConnector({
  id: 'acme_local_tokens',
  title: 'Acme',
  description: 'A vendor for tests.',
  category: 'crm',
  icon: 'box',
  docsUrl: 'https://acme.example/docs',
  connection,
  operations: [],
});

let vendor: Awaited<ReturnType<typeof startVendor>>;
beforeAll(async () => {
  vendor = await startVendor((req, res) =>
    req.path === '/token'
      ? json(res, 200, {
          access_token: `fresh-for-${new URLSearchParams(req.body).get('refresh_token')}`,
          expires_in: 3600,
        })
      : json(res, 200, { ok: true }),
  );
});
afterAll(() => vendor.close());

test('two connections of one connector refreshing in one process each get their own token', async () => {
  const send = (refreshToken: string) =>
    openConnection(
      acme,
      {
        method: 'oauth2',
        clientId: 'app',
        clientSecret: 'app-secret',
        tokenUrl: `${vendor.url}/token`,
        oauth2: { accessToken: 'expired', refreshToken, expiresAt: Date.now() - 1000 },
      },
      { outbound: vendor.outbound, baseUrl: `${vendor.url}/v1` },
    ).http.request({ method: 'GET', path: '/me' });
  await send('rt-tenant-a');
  await send('rt-tenant-b');
  expect(
    vendor.received.filter((r) => r.path === '/v1/me').map((r) => r.headers.authorization),
  ).toEqual(['Bearer fresh-for-rt-tenant-a', 'Bearer fresh-for-rt-tenant-b']);
});
