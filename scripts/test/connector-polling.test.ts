// A polling trigger on the real stack: publishing a flow that starts on HubSpot's "new contact"
// gives it a Temporal Schedule; each poll (fired here at once rather than after its minute) asks
// the HubSpot-shaped demo CRM what is new, and each new contact starts exactly one run — also
// across a restart of the server, whose cursor lives in Redis — and pausing the flow pauses it,
// republishing it without the trigger removes it.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataConverterFromConfig } from '@bizosaas/runtime';
import {
  config,
  call,
  signUp,
  startTestServer,
  unique,
  type Session,
} from '@bizosaas/server/testing';
import { edge, manualFlow, node } from '@bizosaas/server/testing/flows';
import { startDemoService } from '../demo/demo-service.js';
import { HUBSPOT_DEMO_TOKEN } from '../demo/vendors/hubspot.js';

let demo: Server;
let demoBase: string;
let temporal: Connection;
let client: Client;
let owner: Session & { slug: string };

// One flow worker queue and one platform queue for both server lives: the second server is "the
// same" server after a restart.
const queues = {
  TEMPORAL_TASK_QUEUE: unique('poll-flows'),
  TEMPORAL_PLATFORM_TASK_QUEUE: unique('poll-platform'),
};
const start = () =>
  startTestServer({
    worker: true,
    config: { ...queues, CONNECTOR_BASE_URLS: { hubspot: demoBase } },
  });

beforeAll(async () => {
  demo = await startDemoService(0);
  demoBase = `http://127.0.0.1:${(demo.address() as AddressInfo).port}`;
  temporal = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  client = new Client({
    connection: temporal,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFromConfig(config),
  });
});
afterAll(async () => {
  demo.close();
  await temporal.close();
});

async function createContact(email: string) {
  const response = await fetch(`${demoBase}/crm/v3/objects/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${HUBSPOT_DEMO_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ properties: { email } }),
  });
  expect(response.status).toBe(201);
}

let lastTrigger = 0;

/** Fires the flow's schedule now and waits for that poll to finish: how many runs it started. */
async function pollNow(scheduleId: string): Promise<number> {
  // A schedule names the workflow it starts after the action's time to the second, so a second
  // trigger within the same second names an existing workflow and starts nothing.
  const nextSecond = Math.floor(lastTrigger / 1000 + 1) * 1000;
  if (Date.now() < nextSecond)
    await new Promise((resolve) => setTimeout(resolve, nextSecond - Date.now()));
  const handle = client.schedule.getHandle(scheduleId);
  const before = (await handle.describe()).info.recentActions.length;
  lastTrigger = Date.now();
  await handle.trigger();
  for (let i = 0; i < 100; i++) {
    const actions = (await handle.describe()).info.recentActions;
    const latest = actions.at(-1);
    if (actions.length > before && latest) {
      const result = await client.workflow.getHandle(latest.action.workflow.workflowId).result();
      return (result as { started: number }).started;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the schedule never fired');
}

/** The emails the flow's completed runs saw, once there are `count` of them (the list lags). */
async function emailsOfRuns(url: string, session: Session, flowId: string, count: number) {
  const found = new Map<string, string>();
  for (let i = 0; i < 150 && found.size < count; i++) {
    const list = await call<{ runs: { runId: string }[] }>(
      url,
      'runs.list',
      { flowId, pageSize: 50 },
      { ...session, type: 'query' },
    );
    for (const { runId } of list.data?.runs ?? []) {
      if (found.has(runId)) continue;
      const run = await call<{ status: string; result?: { output: { email: string } } }>(
        url,
        'runs.get',
        { runId },
        { ...session, type: 'query' },
      );
      if (run.data?.status === 'completed') found.set(runId, run.data.result!.output.email);
    }
    if (found.size < count) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return [...found.values()].sort();
}

describe('a polling trigger', () => {
  it('starts one run per new contact, across a restart, and stops with its flow', async () => {
    let server = await start();
    owner = await signUp(server.url);
    const host = new URL(demoBase).host;
    await call(
      server.url,
      'settings.update',
      { outbound: { allowPrivateNetworks: false, allowedHosts: [host] } },
      owner,
    );
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
    const graph = {
      schemaVersion: 2,
      nodes: [
        { ...node('trigger', 'hubspot.new_contact'), connectionId: connection.data!.id },
        node('set', 'core.set', { values: { email: '{{ $trigger.email }}' } }),
      ],
      edges: [edge('trigger', 'set')],
      settings: { variables: {} },
    };
    const flow = await call<{ id: string }>(
      server.url,
      'flows.create',
      { name: unique('new-contacts'), graph },
      owner,
    );
    const flowId = flow.data!.id;
    await call(server.url, 'flows.publish', { flowId, revision: 1 }, owner);
    const scheduleId = `${owner.tenantId}/${flowId}`;
    const schedule = await client.schedule.getHandle(scheduleId).describe();
    expect(schedule.spec.intervals).toMatchObject([{ every: 60_000 }]);
    expect(schedule.action).toMatchObject({ workflowType: 'pollTrigger' });

    // The first poll only takes its bearings: contacts from before the flow start nothing.
    await createContact(`${unique('before')}@example.test`);
    expect(await pollNow(scheduleId)).toBe(0);
    const ada = `${unique('ada')}@example.test`;
    const grace = `${unique('grace')}@example.test`;
    await createContact(ada);
    await createContact(grace);
    expect(await pollNow(scheduleId)).toBe(2);
    expect(await pollNow(scheduleId)).toBe(0);
    expect(await emailsOfRuns(server.url, owner, flowId, 2)).toEqual([ada, grace].sort());

    // A restart, and a contact created while the server was down: the new server (same queues)
    // finds the cursor where Redis kept it, so its first poll starts that contact's run — a
    // cursor lost with the process would have taken its bearings again and skipped it — and the
    // contacts already seen start nothing again.
    await server.close();
    const linus = `${unique('linus')}@example.test`;
    await createContact(linus);
    server = await start();
    expect(await pollNow(scheduleId)).toBe(1);
    expect(await pollNow(scheduleId)).toBe(0);
    expect(await emailsOfRuns(server.url, owner, flowId, 3)).toEqual([ada, grace, linus].sort());

    // Paused with the flow; gone once the flow no longer starts on the trigger.
    await call(server.url, 'flows.setActive', { flowId, active: false }, owner);
    expect((await client.schedule.getHandle(scheduleId).describe()).state.paused).toBe(true);
    await call(server.url, 'flows.setActive', { flowId, active: true }, owner);
    const current = await call<{ revision: number }>(
      server.url,
      'flows.get',
      { flowId },
      { ...owner, type: 'query' },
    );
    const saved = await call<{ revision: number }>(
      server.url,
      'flows.saveDraft',
      { flowId, revision: current.data!.revision, graph: manualFlow() },
      owner,
    );
    expect(saved.error).toBeUndefined();
    await call(server.url, 'flows.publish', { flowId, revision: saved.data!.revision }, owner);
    await expect(client.schedule.getHandle(scheduleId).describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );
    await server.close();
  });
});
