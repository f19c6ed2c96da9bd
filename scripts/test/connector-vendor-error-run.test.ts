// A vendor's 4xx in a real run: a HubSpot step whose contact already exists (the HubSpot-shaped
// demo CRM answers 409 as HubSpot documents it) fails with HubSpot's own words on the step and
// fails the run — what the builder reads in the run panel.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, testRunToEnd, unique } from '@bizosaas/server/testing';
import { edge, node } from '@bizosaas/server/testing/flows';
import { HUBSPOT_DEMO_TOKEN } from '../demo/vendors/hubspot.js';
import { startDemoTenant, type DemoTenant } from './support/demo-tenant.js';

let tenant: DemoTenant;

beforeAll(async () => {
  tenant = await startDemoTenant((demoBase) => ({
    config: { CONNECTOR_BASE_URLS: { hubspot: demoBase } },
  }));
});
afterAll(() => tenant?.close());

it('a contact HubSpot already has fails the step with HubSpot’s message', async () => {
  const { demoBase, server, owner } = tenant;
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
