import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readConfig } from '@bizosaas/shared/config';
import { testStackEnv } from '@bizosaas/scripts/test-env';
import { openServer } from '@bizosaas/server';
import { signUp } from '../e2e/accounts';
import { apiCall, edge, graph, node } from '../e2e/api';
import { launchChromium, newContext, snap } from '../e2e/browser';

// With the worker dead (it crashed, nothing restarted it), a run page showed a blank canvas and
// "Running", and Approve in the inbox went grey with no word, for as long as no worker came back.
// The run page, the runs list and the inbox now say that no worker runs flows. This server of its
// own runs on a task queue no worker polls; it serves the editor the global setup built.

const id = randomBytes(4).toString('hex');
const NOTICE = 'No worker is running flows right now';
let server: Awaited<ReturnType<typeof openServer>>;
let http: Server;
let browser: Browser;
let page: Page;
let runId: string;

beforeAll(async () => {
  const config = {
    ...readConfig({ ...process.env, ...testStackEnv() }),
    TEMPORAL_TASK_QUEUE: `e2e-no-worker-${id}`,
    TEMPORAL_PLATFORM_TASK_QUEUE: `e2e-no-worker-platform-${id}`,
  };
  server = await openServer(config, {
    editorDir: inject('editorDir'),
    ingressWorker: false,
    platformWorker: false,
    notificationQueue: `e2e-no-worker-notifications-${id}`,
    ingressQueue: `e2e-no-worker-ingress-${id}`,
  });
  http = server.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => http.once('listening', resolve));
  browser = await launchChromium();
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  page = await (await newContext(browser, url)).newPage();
  await signUp(page, `no-worker-${id}`);

  const flow = await apiCall<{ id: string }>(page, 'flows.create', {
    name: 'Waits for a worker',
    graph: graph(
      [
        node('trigger', 'core.manual_trigger', 'Start', 0),
        node('hello', 'core.set', 'Say hello', 300, { values: { greeting: 'hello' } }),
      ],
      [edge('trigger', 'hello')],
    ),
  });
  await apiCall(page, 'flows.publish', { flowId: flow.id, revision: 1 });
  ({ runId } = await apiCall<{ runId: string }>(page, 'runs.start', {
    flowId: flow.id,
    payload: {},
  }));
});
afterAll(async () => {
  await browser?.close();
  http?.closeAllConnections();
  await new Promise((resolve) => http?.close(resolve));
  await server?.close();
});

describe('regression: with no worker polling the flow queue', () => {
  it('the run page says runs wait for a worker, instead of a blank canvas', async () => {
    await page.goto(`/runs/${encodeURIComponent(runId)}`);
    await page.getByRole('status').filter({ hasText: NOTICE }).waitFor();
    await snap(page, 'no-worker-01-run-page');
  });

  it('a test run started on the flow page says so beside "Running"', async () => {
    await page.getByRole('link', { name: 'Flows', exact: true }).first().click();
    await page.getByRole('link', { name: 'Waits for a worker' }).click();
    await page.getByRole('button', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Start test run' }).click();
    await page.getByRole('status').filter({ hasText: NOTICE }).waitFor();
  });

  it('the runs list says so above the waiting run', async () => {
    await page.getByRole('link', { name: 'Runs', exact: true }).first().click();
    await page.getByRole('link', { name: 'Waits for a worker' }).first().waitFor();
    await page.getByRole('status').filter({ hasText: NOTICE }).waitFor();
  });

  it('the inbox says so while a decision waits to be delivered', async () => {
    const me = await apiCall<{ user: { id: string }; tenant: { id: string } }>(
      page,
      'auth.me',
      {},
      'query',
    );
    // A task of the waiting run, as the run's approval node would have stored it had a worker
    // reached it (its row is all the inbox reads).
    await server.services.orm.em.getConnection().execute(
      `INSERT INTO approval_tasks (id, tenant_id, flow_id, flow_version, run_id, workflow_id,
          node_id, node_key, node_name, title, description, details, form, required, assignees,
          due_at, created_at)
        VALUES (?, ?, ?, 1, ?, ?, 'ask', 'ask', 'Ask', 'Approve the launch', '', '{}', '[]', 1,
          ?::uuid[], NULL, now())`,
      [randomUUID(), me.tenant.id, randomUUID(), runId, runId, `{${me.user.id}}`],
    );
    await page.goto('/inbox');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Delivering your decision' }).waitFor();
    await page.getByRole('status').filter({ hasText: NOTICE }).waitFor();
    await snap(page, 'no-worker-02-inbox-deciding');
  });
});
