// The seeded Lead intake flow run for real: a hot lead posted to its webhook is upserted in the
// HubSpot-shaped demo CRM through the HubSpot connector, waits for a discount approval, then gets
// a deal for its contact and a message in the demo Slack's #sales — every CRM and
// chat step a connector node on the tenant's connections, as `npm run up` seeds them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, finishedRun, unique } from '@bizosaas/server/testing';
import { leadIntakeFlow } from '../demo/demo-flows.js';
import { HUBSPOT_DEMO_TOKEN } from '../demo/vendors/hubspot.js';
import { SLACK_DEMO_TOKEN } from '../demo/vendors/slack.js';
import { startDemoTenant, until, type DemoTenant } from './support/demo-tenant.js';

let tenant: DemoTenant;

beforeAll(async () => {
  tenant = await startDemoTenant((demoBase) => ({
    config: { CONNECTOR_BASE_URLS: { hubspot: demoBase, slack: `${demoBase}/api` } },
  }));
});
afterAll(() => tenant?.close());

async function connect(type: string, method: string, credentials: Record<string, string>) {
  const { server, owner } = tenant;
  const made = await call<{ id: string }>(
    server.url,
    'connections.create',
    { name: unique(type), type, method, credentials },
    owner,
  );
  return made.data!.id;
}

it('a hot lead: contact upserted, discount approved, deal opened, #sales told', async () => {
  const { demoBase, server, owner } = tenant;
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
