// The seeded Lead intake flow run for real: a hot lead posted to its webhook is upserted in the
// HubSpot-shaped demo CRM through the HubSpot connector, waits for a discount approval, then gets
// a deal for its contact and a message in the demo Slack's #sales — every CRM and
// chat step a connector node on the tenant's connections, as `npm run up` seeds them.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  call,
  finishedRun,
  signUp,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from '@bizosaas/server/testing';
import { leadIntakeFlow } from '../demo/demo-flows.js';
import { startDemoService } from '../demo/demo-service.js';
import { HUBSPOT_DEMO_TOKEN } from '../demo/vendors/hubspot.js';
import { SLACK_DEMO_TOKEN } from '../demo/vendors/slack.js';

let demo: Server;
let demoBase: string;
let server: TestServer;
let owner: Session & { slug: string };

beforeAll(async () => {
  demo = await startDemoService(0);
  const host = `127.0.0.1:${(demo.address() as AddressInfo).port}`;
  demoBase = `http://${host}`;
  server = await startTestServer({
    worker: true,
    config: { CONNECTOR_BASE_URLS: { hubspot: demoBase, slack: `${demoBase}/api` } },
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

async function connect(type: string, method: string, credentials: Record<string, string>) {
  const made = await call<{ id: string }>(
    server.url,
    'connections.create',
    { name: unique(type), type, method, credentials },
    owner,
  );
  return made.data!.id;
}

async function until<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('timed out');
}

it('a hot lead: contact upserted, discount approved, deal opened, #sales told', async () => {
  const connections = {
    crm: await connect('hubspot', 'private_app', { accessToken: HUBSPOT_DEMO_TOKEN }),
    chat: await connect('slack', 'bot_token', { botToken: SLACK_DEMO_TOKEN }),
  };
  const { name, graph } = leadIntakeFlow(demoBase, connections);
  const flow = await call<{ id: string }>(server.url, 'flows.create', { name, graph }, owner);
  const published = await call<{ webhook: { secret: string } }>(
    server.url,
    'flows.publish',
    { flowId: flow.data!.id, revision: 1 },
    owner,
  );
  expect(published.error).toBeUndefined();

  const email = `${unique('ada')}@example.com`;
  const posted = await fetch(`${server.url}/hooks/${owner.slug}/lead`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-webhook-secret': published.data!.webhook.secret,
    },
    body: JSON.stringify({ email, name: 'Ada', company: 'Acme', employees: 500, budget: 20000 }),
  });
  expect(posted.status).toBe(202);
  const { runId } = (await posted.json()) as { runId: string };

  const task = await until(async () => {
    const inbox = await call<{ tasks: { id: string; runId: string }[] }>(
      server.url,
      'approvals.inbox',
      {},
      { ...owner, type: 'query' },
    );
    return inbox.data?.tasks.find((t) => t.runId === runId);
  });
  const decided = await call(
    server.url,
    'approvals.decide',
    { taskId: task.id, decision: 'approve', form: { discount: 15 } },
    owner,
  );
  expect(decided.error).toBeUndefined();

  const run = await finishedRun(server.url, owner, runId);
  expect(run.status).toBe('completed');
  const output = (id: string) => run.nodes.find((n) => n.nodeId === id)?.output;
  expect(output('contact')).toMatchObject({
    created: true,
    record: { email, firstName: 'Ada', company: 'Acme', source: { connector: 'hubspot' } },
  });
  const deal = output('deal') as { id: string };
  expect(output('notify')).toMatchObject({ channel: 'C0DEMO0002', text: 'New deal with Acme' });

  // The CRM holds what the run said: the deal, named with the approved discount.
  const stored = await fetch(`${demoBase}/crm/v3/objects/deals/${deal.id}?properties=dealname`, {
    headers: { authorization: `Bearer ${HUBSPOT_DEMO_TOKEN}` },
  });
  expect(stored.status).toBe(200);
  expect(await stored.json()).toMatchObject({ properties: { dealname: 'Acme (15% off)' } });
});
