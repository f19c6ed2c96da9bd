import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { NativeConnection } from '@temporalio/worker';
import { readConfig } from '@bizosaas/shared/config';
import { builtinCatalog, builtinConnectors } from '@bizosaas/nodes';
import { connectorExecutors } from '@bizosaas/nodes/executors';
import { createFlowWorker, createLogger } from '@bizosaas/runtime/worker';
import { testStackEnv } from '@bizosaas/scripts/test-env';
import { migrate, openServer } from '@bizosaas/server';
import {
  startAuthorizationServer,
  type AuthorizationServer,
} from '@bizosaas/server/testing/authorization-server';
import {
  SLACK_LIKE_CLIENT,
  SLACK_LIKE_SCOPES,
  slackLikeConnector,
} from '@bizosaas/server/testing/slack-like-connector';
import { signUp } from './accounts';
import { apiCall, edge, graph, node } from './api';
import { launchChromium, newContext, snap } from './browser';

// A builder connects a Slack-like chat ("Chatter") through OAuth2: Connect sends the browser to
// the provider's own sign-in and consent pages (oidc-provider on loopback, a real authorization
// server), the provider sends it back to /oauth/callback, and the connection is listed. Testing it
// calls the provider's userinfo with the access token; a flow then runs a Chatter operation with
// the connection. The server and worker here know the Chatter connector; the editor is the one
// the global setup built.

const id = randomBytes(4).toString('hex');
let issuer = '';
const chatter = slackLikeConnector(() => issuer);
let provider: AuthorizationServer;
let server: Awaited<ReturnType<typeof openServer>>;
let http: Server;
let worker: Awaited<ReturnType<typeof createFlowWorker>>;
let workerDone: Promise<void>;
let connection: NativeConnection;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  http = createServer();
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  provider = await startAuthorizationServer({
    ...SLACK_LIKE_CLIENT,
    redirectUri: `${url}/oauth/callback`,
    scopes: SLACK_LIKE_SCOPES,
  });
  issuer = provider.issuer;
  const config = {
    ...readConfig({ ...process.env, ...testStackEnv() }),
    PUBLIC_URL: url,
    TEMPORAL_TASK_QUEUE: `e2e-oauth-${id}`,
    TEMPORAL_PLATFORM_TASK_QUEUE: `e2e-oauth-platform-${id}`,
    OAUTH_CLIENTS: { chatter: SLACK_LIKE_CLIENT },
  };
  const catalog = builtinCatalog();
  for (const type of chatter.nodes) catalog.register(type);
  server = await openServer(config, {
    editorDir: inject('editorDir'),
    connectors: [...builtinConnectors, chatter],
    catalog,
    ingressWorker: false,
    platformWorker: false,
    notificationQueue: `e2e-oauth-notifications-${id}`,
    ingressQueue: `e2e-oauth-ingress-${id}`,
  });
  await migrate(server.services.orm);
  http.on('request', server.app);

  connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  worker = await createFlowWorker({
    config,
    connection,
    logger: createLogger('warn'),
    nodeTypes: chatter.nodes,
    executors: connectorExecutors([chatter]),
  });
  workerDone = worker.run();

  browser = await launchChromium();
  page = await (await newContext(browser, url)).newPage();
  await signUp(page, `oauth-${id}`);
  // The provider listens on loopback: the workspace opens exactly its address.
  await apiCall(page, 'settings.update', {
    outbound: { allowPrivateNetworks: false, allowedHosts: [new URL(issuer).host] },
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  worker?.shutdown();
  await workerDone;
  await connection?.close();
  http?.closeAllConnections();
  await new Promise((resolve) => http?.close(resolve));
  await server?.close();
  await provider?.close();
});

describe('a Slack-like OAuth connection, in Chromium', () => {
  it('is found in the connector catalog with how it connects and what it does', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Connectors' })
      .click();
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Chatter' }) });
    await card.getByText('OAuth 2.0 sign-in').waitFor();
    await card.getByText('Messaging').waitFor();
    await card.getByText('1 operation').click();
    await card.getByText('chatter.whoami').waitFor();
    await card.getByText('None yet.').waitFor();
    await snap(page, 'oauth-01-catalog');
    await card.getByRole('link', { name: 'Add connection to Chatter' }).click();
  });

  it('connects through the provider’s sign-in and consent, and lands back on the connection', async () => {
    await page.getByLabel('Connect to').selectOption({ label: 'Chatter' });
    await page.getByLabel('Name').fill('Team chat');
    // The platform has its own app for Chatter: the form, drawn once Name is there, asks for no
    // client id or secret.
    await expect(page.getByLabel(/Client (id|secret)/i).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Connect to Chatter' }).click();

    // The provider's own pages, on its own origin.
    await page.waitForURL((u) => u.href.startsWith(issuer));
    await page.getByPlaceholder('Enter any login').fill('alice');
    await page.getByPlaceholder('and password').fill('any password');
    await snap(page, 'oauth-02-provider-sign-in');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL((u) => u.pathname === '/connections');
    await page
      .getByRole('status')
      .filter({ hasText: 'Connected “Team chat” to Chatter' })
      .waitFor();
    const row = page.getByRole('row', { name: /Team chat/ });
    await row.getByText('Not tested').waitFor();
    await row.getByText('OAuth tokens ••••').waitFor();
    await snap(page, 'oauth-03-connected');
  });

  it('tests the connection against the provider', async () => {
    const row = page.getByRole('row', { name: /Team chat/ });
    await row.getByRole('button', { name: 'Test Team chat' }).click();
    await row.getByText('Working').waitFor();
  });

  it('runs a flow that uses the connection', async () => {
    const [conn] = await apiCall<Array<{ id: string }>>(page, 'connections.list', {}, 'query');
    const flow = await apiCall<{ id: string }>(page, 'flows.create', {
      name: 'Who am I in Chatter',
      graph: graph(
        [
          node('trigger', 'core.manual_trigger', 'Start', 0),
          { ...node('whoami', 'chatter.whoami', 'Who am I', 300), connectionId: conn!.id },
        ],
        [edge('trigger', 'whoami')],
      ),
    });
    await page.goto(`/flows/${flow.id}`);
    await page.getByRole('button', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Start test run' }).click();
    await page.locator('[data-run-status="completed"]').waitFor({ timeout: 30_000 });
    await snap(page, 'oauth-04-flow-ran');

    const runs = await apiCall<{ runs: Array<{ runId: string }> }>(
      page,
      'runs.list',
      { flowId: flow.id },
      'query',
    );
    const run = await apiCall<{
      nodes: Array<{ nodeId: string; status: string; output?: unknown }>;
    }>(page, 'runs.get', { runId: runs.runs[0]!.runId }, 'query');
    expect(run.nodes.find((n) => n.nodeId === 'whoami')).toMatchObject({
      status: 'succeeded',
      output: { sub: 'alice' },
    });
  });
});
