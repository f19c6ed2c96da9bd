// A param's choices from the vendor (HubSpot's deal pipelines here, from the HubSpot-shaped demo
// CRM): loaded through the tenant's own connection, for builders only, never through another
// tenant's connection; a refused token says so and marks the connection.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  call,
  signUp,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from '@bizosaas/server/testing';
import { startDemoService } from '../demo/demo-service.js';
import { HUBSPOT_DEMO_TOKEN } from '../demo/vendors/hubspot.js';

let demo: Server;
let server: TestServer;
let owner: Session;
let other: Session;

async function hubspotConnection(session: Session, accessToken = HUBSPOT_DEMO_TOKEN) {
  const made = await call<{ id: string }>(
    server.url,
    'connections.create',
    {
      name: unique('hubspot'),
      type: 'hubspot',
      method: 'private_app',
      credentials: { accessToken },
    },
    session,
  );
  return made.data!.id;
}

beforeAll(async () => {
  demo = await startDemoService(0);
  const host = `127.0.0.1:${(demo.address() as AddressInfo).port}`;
  server = await startTestServer({
    config: { CONNECTOR_BASE_URLS: { hubspot: `http://${host}` } },
  });
  for (const session of [(owner = await signUp(server.url)), (other = await signUp(server.url))])
    await call(
      server.url,
      'settings.update',
      { outbound: { allowPrivateNetworks: false, allowedHosts: [host] } },
      session,
    );
});
afterAll(async () => {
  await server.close();
  demo.close();
});

const options = (session: Session, input: Record<string, unknown>) =>
  call<{ value: string; label: string }[]>(server.url, 'connections.options', input, {
    ...session,
    type: 'query',
  });

describe('option loaders', () => {
  it('a builder gets the vendor’s choices, searched, through the connection', async () => {
    const connectionId = await hubspotConnection(owner);
    const builder = await addMember(server.url, owner, 'builder');
    expect((await options(builder, { connectionId, loader: 'deal_pipelines' })).data).toEqual([
      { value: 'default', label: 'Sales Pipeline' },
      { value: 'partners', label: 'Partner Pipeline' },
    ]);
    expect(
      (await options(builder, { connectionId, loader: 'deal_pipelines', search: 'partner' })).data,
    ).toEqual([{ value: 'partners', label: 'Partner Pipeline' }]);
    const unknown = await options(builder, { connectionId, loader: 'channels' });
    expect(unknown.status).toBe(404);
  });

  it('is refused to roles that do not build flows, and to another tenant', async () => {
    const connectionId = await hubspotConnection(owner);
    const viewer = await addMember(server.url, owner, 'viewer');
    const refused = await options(viewer, { connectionId, loader: 'deal_pipelines' });
    expect(refused.status).toBe(403);
    const elsewhere = await options(other, { connectionId, loader: 'deal_pipelines' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.data).toBeUndefined();
  });

  it('a token the vendor refuses says so and marks the connection as needing attention', async () => {
    const connectionId = await hubspotConnection(owner, 'pat-revoked-0000');
    const refused = await options(owner, { connectionId, loader: 'deal_pipelines' });
    expect(refused.status).toBe(400);
    expect(refused.error?.message).toMatch(/^HubSpot refused the credentials: /);
    const connection = await call<{ status: string }>(
      server.url,
      'connections.get',
      { connectionId },
      { ...owner, type: 'query' },
    );
    expect(connection.data?.status).toBe('needs_attention');
  });
});
