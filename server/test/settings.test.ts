// An admin opens exactly the internal hosts the tenant's flows may call; everything else stays
// refused by the SSRF guard, and every change is in the audit log.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  call,
  signUp,
  startTestServer,
  testRunToEnd,
  type Session,
  type TestServer,
} from './harness.js';
import { edge, httpFlow, node } from './flows.js';

let server: TestServer;
let owner: Session;
let service: Server;
let serviceHost: string;

beforeAll(async () => {
  server = await startTestServer({ worker: true });
  owner = await signUp(server.url);
  service = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"pong":true}'),
  );
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  serviceHost = `127.0.0.1:${(service.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  service.close();
});

async function runOnce(session: Session) {
  const flow = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: `call ${Math.random()}`, graph: httpFlow(`http://${serviceHost}/ping`) },
    session,
  );
  return testRunToEnd(server.url, session, flow.data!.id);
}

describe('tenant settings: outbound network policy', () => {
  it('starts closed: a flow calling an internal service is refused', async () => {
    const settings = await call(server.url, 'settings.get', undefined, { ...owner, type: 'query' });
    expect(settings.data).toEqual({
      outbound: { allowPrivateNetworks: false, allowedHosts: [] },
      notifications: { slackConnectionId: null },
    });
    const run = await runOnce(owner);
    expect(run.status).toBe('failed');
    expect(run.nodes.find((n) => n.nodeId === 'call')?.error?.code).toBe('SSRF_REFUSED');
  });

  it('an allowed host is reachable from the next run on, and the change is audited', async () => {
    const updated = await call(
      server.url,
      'settings.update',
      { outbound: { allowPrivateNetworks: false, allowedHosts: [serviceHost] } },
      owner,
    );
    expect(updated.status).toBe(200);
    const run = await runOnce(owner);
    expect(run.status).toBe('completed');
    expect(run.nodes.find((n) => n.nodeId === 'call')?.output).toMatchObject({
      status: 200,
      body: { pong: true },
    });

    const audit = await call<{ events: Array<{ action: string }> }>(
      server.url,
      'audit.list',
      { action: 'tenant.settings_updated' },
      { ...owner, type: 'query' },
    );
    expect(audit.data?.events.map((e) => e.action)).toContain('tenant.settings_updated');
  });

  it('refuses a malformed host and a builder changing settings', async () => {
    const bad = await call(
      server.url,
      'settings.update',
      { outbound: { allowPrivateNetworks: false, allowedHosts: ['http://x/'] } },
      owner,
    );
    expect(bad.status).toBe(400);
    const builder = await addMember(server.url, owner, 'builder');
    const denied = await call(
      server.url,
      'settings.update',
      { outbound: { allowPrivateNetworks: true, allowedHosts: [] } },
      builder,
    );
    expect(denied.status).toBe(403);
  });

  it("a sync webhook's run calls out under the policy its tenant has when the call arrives", async () => {
    // The webhook reads the policy in the same statement as its endpoint (webhooks/routes.ts).
    const tenant = await signUp(server.url);
    const path = `ping-${Math.random().toString(36).slice(2)}`;
    const flow = await call<{ id: string }>(
      server.url,
      'flows.create',
      {
        name: path,
        graph: {
          schemaVersion: 2,
          nodes: [
            node('trigger', 'core.webhook_trigger', { path, responseMode: 'sync' }),
            node('call', 'core.http_request', { method: 'GET', url: `http://${serviceHost}/ping` }),
          ],
          edges: [edge('trigger', 'call')],
          settings: { variables: {} },
        },
      },
      tenant,
    );
    const published = await call<{ webhook: { secret: string } }>(
      server.url,
      'flows.publish',
      { flowId: flow.data!.id, revision: 1 },
      tenant,
    );
    const hook = () =>
      fetch(`${server.url}/hooks/${tenant.slug}/${path}`, {
        method: 'POST',
        body: '{}',
        headers: {
          'content-type': 'application/json',
          'x-webhook-secret': published.data!.webhook.secret,
        },
      });

    const refused = await hook();
    expect(refused.status).toBe(502);
    const { error } = (await refused.json()) as {
      error: { code: string; details: { runId: string } };
    };
    expect(error.code).toBe('RUN_FAILED');
    const { runId } = error.details;
    const run = await call<{ nodes: Array<{ nodeId: string; error?: { code: string } }> }>(
      server.url,
      'runs.get',
      { runId },
      { ...tenant, type: 'query' },
    );
    expect(run.data?.nodes.find((n) => n.nodeId === 'call')?.error?.code).toBe('SSRF_REFUSED');

    await call(
      server.url,
      'settings.update',
      { outbound: { allowPrivateNetworks: false, allowedHosts: [serviceHost] } },
      tenant,
    );
    const answered = await hook();
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({
      result: { output: { status: 200, body: { pong: true } } },
    });
  });
});
