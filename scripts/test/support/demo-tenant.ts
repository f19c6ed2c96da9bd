// The set-up of the tests that run the demo's connectors for real: a demo service of the test's
// own, a test server with a flow worker, and a tenant whose outbound policy lets it reach that
// service (as `npm run up` seeds the demo tenant).
import type { AddressInfo } from 'node:net';
import {
  call,
  signUp,
  startTestServer,
  type Session,
  type TestServer,
} from '@bizosaas/server/testing';
import { startDemoService } from '../../demo/demo-service.js';

export interface DemoTenant {
  /** The demo service's address (WordPress's site URL, HubSpot's and Slack's base URL). */
  demoBase: string;
  server: TestServer;
  owner: Session & { slug: string };
  close(): Promise<void>;
}

/** `serverOptions` is given the demo service's address, for the server's CONNECTOR_BASE_URLS. */
export async function startDemoTenant(
  serverOptions: (demoBase: string) => Parameters<typeof startTestServer>[0] = () => ({}),
): Promise<DemoTenant> {
  const demo = await startDemoService(0);
  const host = `127.0.0.1:${(demo.address() as AddressInfo).port}`;
  const demoBase = `http://${host}`;
  const server = await startTestServer({ worker: true, ...serverOptions(demoBase) });
  const owner = await signUp(server.url);
  await call(
    server.url,
    'settings.update',
    { outbound: { allowPrivateNetworks: false, allowedHosts: [host] } },
    owner,
  );
  return {
    demoBase,
    server,
    owner,
    async close() {
      await server.close();
      demo.close();
    },
  };
}

/** Polls `read` every 200 ms until it gives a value, for up to a minute. */
export async function until<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('timed out');
}
