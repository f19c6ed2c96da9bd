import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readConfig } from '@bizosaas/shared/config';
import { startDemoService } from '@bizosaas/scripts/demo-service';
import { SLACK_DEMO_TOKEN } from '@bizosaas/scripts/demo-vendors/slack';
import { testStackEnv } from '@bizosaas/scripts/test-env';
import { migrate, openServer } from '@bizosaas/server';
import { signUp } from './accounts';
import { apiCall, edge, graph, node } from './api';
import { launchChromium, newContext, snap } from './browser';
import { canvasDriver } from './canvas-driver';

// A param whose choices come from the vendor: a Slack message node's channel is picked from the
// workspace's channels (the demo service's Slack-shaped chat), loaded through the node's own
// connection and searched as the builder types. A token the workspace refuses says so: in Test
// connection, on the connector catalog's health line, and where the channels would be.

const id = randomBytes(4).toString('hex');
let demo: Server;
let server: Awaited<ReturnType<typeof openServer>>;
let http: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  demo = await startDemoService(0);
  const demoHost = `127.0.0.1:${(demo.address() as AddressInfo).port}`;
  http = createServer();
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  server = await openServer(
    {
      ...readConfig({ ...process.env, ...testStackEnv() }),
      PUBLIC_URL: url,
      TEMPORAL_TASK_QUEUE: `e2e-options-${id}`,
      TEMPORAL_PLATFORM_TASK_QUEUE: `e2e-options-platform-${id}`,
      CONNECTOR_BASE_URLS: { slack: `http://${demoHost}/api` },
    },
    {
      editorDir: inject('editorDir'),
      ingressWorker: false,
      platformWorker: false,
      notificationQueue: `e2e-options-notifications-${id}`,
      ingressQueue: `e2e-options-ingress-${id}`,
    },
  );
  await migrate(server.services.orm);
  http.on('request', server.app);
  browser = await launchChromium();
  page = await (await newContext(browser, url)).newPage();
  await signUp(page, `options-${id}`);
  await apiCall(page, 'settings.update', {
    outbound: { allowPrivateNetworks: false, allowedHosts: [demoHost] },
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  http?.closeAllConnections();
  await new Promise((resolve) => http?.close(resolve));
  await server?.close();
  demo?.close();
});

describe('a vendor option list in the inspector, in Chromium', () => {
  it('offers the workspace’s channels, searched, and keeps the one chosen', async () => {
    const connection = await apiCall<{ id: string }>(page, 'connections.create', {
      name: 'Team Slack',
      type: 'slack',
      method: 'bot_token',
      credentials: { botToken: SLACK_DEMO_TOKEN },
    });
    const flow = await apiCall<{ id: string }>(page, 'flows.create', {
      name: 'Tell the team',
      graph: graph(
        [
          node('trigger', 'core.manual_trigger', 'Start', 0),
          {
            ...node('tell', 'slack.send_message', 'Tell the team', 300, { text: 'Hello' }),
            connectionId: connection.id,
          },
        ],
        [edge('trigger', 'tell')],
      ),
    });
    await page.goto(`/flows/${flow.id}`);
    await canvasDriver(page).node('Tell the team').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector: Tell the team' });
    const channel = inspector.getByRole('combobox', { name: 'Channel' });
    const offered = () => channel.locator('option').allTextContents();
    await expect.poll(offered).toEqual(['Choose…', '#general', '#sales', '#marketing', '#random']);
    await inspector.getByRole('searchbox', { name: 'Search Channel' }).fill('mark');
    await expect.poll(offered).toEqual(['Choose…', '#marketing']);
    await channel.selectOption({ label: '#marketing' });
    await snap(page, 'vendor-options-01-channel-chosen');
    await expect
      .poll(async () => {
        const saved = await apiCall<{
          draft: { nodes: { id: string; params: { channel?: string } }[] };
        }>(page, 'flows.get', { flowId: flow.id }, 'query');
        return saved.draft.nodes.find((n) => n.id === 'tell')?.params.channel;
      })
      .toBe('C0DEMO0003');
  });

  it('a token Slack refuses: Test connection, the catalog and the channel list say so', async () => {
    const connection = await apiCall<{ id: string }>(page, 'connections.create', {
      name: 'Old Slack',
      type: 'slack',
      method: 'bot_token',
      credentials: { botToken: 'xoxb-revoked-0000' },
    });
    const refusal = 'Slack refused the credentials: Slack: invalid_auth';
    await page.goto('/connections');
    const row = page.getByRole('row', { name: /Old Slack/ });
    await row.getByRole('button', { name: 'Test Old Slack' }).click();
    await row.getByText('Needs attention').waitFor();
    await row.getByText(refusal).waitFor();
    expect(await row.textContent()).not.toContain('xoxb-revoked-0000');
    await snap(page, 'vendor-options-02-refused');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Connectors' })
      .click();
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Slack', exact: true }) });
    const health = card.getByRole('listitem').filter({ hasText: 'Old Slack' });
    await health.getByText('Needs attention').waitFor();
    await health.getByText(refusal).waitFor();
    await health.getByText(/^Last tested /).waitFor();
    await expect(card.getByRole('listitem').filter({ hasText: 'Team Slack' }).count()).resolves.toBe(
      1,
    );

    const flow = await apiCall<{ id: string }>(page, 'flows.create', {
      name: 'Tell the old team',
      graph: graph(
        [
          node('trigger', 'core.manual_trigger', 'Start', 0),
          {
            ...node('tell', 'slack.send_message', 'Tell the old team', 300, { text: 'Hello' }),
            connectionId: connection.id,
          },
        ],
        [edge('trigger', 'tell')],
      ),
    });
    await page.goto(`/flows/${flow.id}`);
    await canvasDriver(page).node('Tell the old team').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector: Tell the old team' });
    await inspector.getByRole('alert').filter({ hasText: refusal }).waitFor();
    await expect(
      inspector.getByRole('combobox', { name: 'Channel' }).locator('option').allTextContents(),
    ).resolves.toEqual(['Choose…']);
  });
});
