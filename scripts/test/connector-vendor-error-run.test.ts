// A vendor's 4xx in a real run: a HubSpot step whose contact already exists (the HubSpot-shaped
// demo CRM answers 409 as HubSpot documents it) fails with HubSpot's own words on the step and
// fails the run — what the builder reads in the run panel.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  call,
  signUp,
  startTestServer,
  testRunToEnd,
  unique,
  type Session,
  type TestServer,
} from '@bizosaas/server/testing';
import { edge, node } from '@bizosaas/server/testing/flows';
import { startDemoService } from '../demo/demo-service.js';
import { HUBSPOT_DEMO_TOKEN } from '../demo/vendors/hubspot.js';

let demo: Server;
let demoBase: string;
let server: TestServer;
let owner: Session;

beforeAll(async () => {
  demo = await startDemoService(0);
  const host = `127.0.0.1:${(demo.address() as AddressInfo).port}`;
  demoBase = `http://${host}`;
  server = await startTestServer({
    worker: true,
    config: { CONNECTOR_BASE_URLS: { hubspot: demoBase } },
  });
  owner = await signUp(server.url);
  await call(
    server.url,
    'settings.update',
    { outbound: { allowPrivateNetworks: false, allowedHosts: [host] } },
    owner,
  );
});
afterAll(async () => {
  await server.close();
  demo.close();
});

it('a contact HubSpot already has fails the step with HubSpot’s message', async () => {
  const email = `${unique('lead')}@example.com`;
  const existing = await fetch(`${demoBase}/crm/v3/objects/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${HUBSPOT_DEMO_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ properties: { email } }),
  });
  const { id } = (await existing.json()) as { id: string };
  const connection = await call<{ id: string }>(
    server.url,
    'connections.create',
    {
      name: unique('hubspot'),
      type: 'hubspot',
      method: 'private_app',
      credentials: { accessToken: HUBSPOT_DEMO_TOKEN },
    },
    owner,
  );
  const flow = await call<{ id: string }>(
    server.url,
    'flows.create',
    {
      name: unique('add lead'),
      graph: {
        schemaVersion: 2,
        nodes: [
          node('trigger', 'core.manual_trigger'),
          {
            ...node('add', 'hubspot.create_contact', { email, firstName: 'Ada' }),
            connectionId: connection.data!.id,
          },
        ],
        edges: [edge('trigger', 'add')],
        settings: { variables: {} },
      },
    },
    owner,
  );
  const run = await testRunToEnd(server.url, owner, flow.data!.id);
  expect(run.status).toBe('failed');
  const step = run.nodes.find((n) => n.nodeId === 'add');
  expect(step).toMatchObject({
    status: 'failed',
    error: {
      code: 'VENDOR_ERROR',
      message: `HTTP 409: Contact already exists. Existing ID: ${id}`,
    },
  });
});
