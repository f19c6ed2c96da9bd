import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { invite, signUp } from './accounts';
import { apiCall, edge, graph, node } from './api';
import { launchChromium, newContext, snap } from './browser';
import { canvasDriver } from './canvas-driver';

// One workspace's owner and team against the real server and worker: rename and tag a flow on
// its canvas, edit a connection without ever seeing its secret, watch the team's open approvals
// as an admin, and open a past test run after the draft moved on.

const id = randomBytes(4).toString('hex');
let browser: Browser;
let owner: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  owner = await newContext(browser, inject('editorUrl'));
  page = await owner.newPage();
  await signUp(page, `pages-${id}`);
});

afterAll(async () => {
  await browser?.close();
});

/** A link of the main navigation (the canvas toolbar has a "Flows" link of its own). */
const nav = (target: Page, name: string) =>
  target.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

/** Invites a member with `role`; they join in a browser of their own. */
const member = (role: string, name: string) =>
  invite(page, browser, { role, email: `${role}-${id}@example.test`, name });

const callApi = <T>(path: string, input: unknown, type?: 'query' | 'mutation') =>
  apiCall<T>(page, path, input, type);

describe('the flow page', () => {
  let flowUrl: string;

  it('renames the flow in place: Escape cancels, Enter saves, an empty name is refused', async () => {
    await nav(page, 'Flows').click();
    await page.getByLabel('New flow name').fill('Untitled idea');
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByRole('heading', { name: 'Untitled idea' }).waitFor();
    flowUrl = page.url();

    await page.getByRole('button', { name: 'Rename: Flow name' }).click();
    await page.getByLabel('Flow name').fill('Thrown away');
    await page.getByLabel('Flow name').press('Escape');
    await page.getByRole('heading', { name: 'Untitled idea' }).waitFor();

    await page.getByRole('button', { name: 'Rename: Flow name' }).click();
    await page.getByLabel('Flow name').fill('   ');
    await page.getByLabel('Flow name').press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Flow name cannot be empty.');
    await page.getByLabel('Flow name').fill('Quarterly report');
    await page.getByLabel('Flow name').press('Enter');
    await page.getByRole('heading', { name: 'Quarterly report' }).waitFor();
  });

  it('adds and removes tags as chips', async () => {
    const tags = page.getByRole('list', { name: 'Tags' });
    for (const tag of ['finance', 'monthly', 'draft-ideas']) {
      await page.getByLabel('Add tag').fill(tag);
      await page.getByLabel('Add tag').press('Enter');
      await tags.getByText(tag).waitFor();
    }
    await page.getByRole('button', { name: 'Remove tag draft-ideas' }).click();
    await tags.getByText('draft-ideas').waitFor({ state: 'detached' });
    await snap(page, 'pages-01-flow-details');
  });

  it('keeps the new name and tags after a reload, and in the flows list', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Quarterly report' }).waitFor();
    await expect(
      page.getByRole('list', { name: 'Tags' }).getByRole('listitem').allTextContents(),
    ).resolves.toEqual(['finance×', 'monthly×']);
    await nav(page, 'Flows').click();
    await page.getByRole('link', { name: 'Quarterly report' }).waitFor();
  });

  it('shows a viewer the name and tags, read-only', async () => {
    const viewer = await member('viewer', 'Vic Viewer');
    await viewer.goto(flowUrl);
    await viewer.getByRole('heading', { name: 'Quarterly report' }).waitFor();
    await viewer.getByRole('list', { name: 'Tags' }).getByText('finance').waitFor();
    await expect(viewer.getByRole('button', { name: 'Rename: Flow name' }).count()).resolves.toBe(
      0,
    );
    await expect(viewer.getByLabel('Add tag').count()).resolves.toBe(0);
    await expect(viewer.getByRole('button', { name: /^Remove tag/ }).count()).resolves.toBe(0);
  });
});

describe('the connections page', () => {
  const secrets = [`first-secret-${id}`, `second-secret-${id}`];
  /** Everything the API answered on this page: secrets must never come back in any of it. */
  const answers: Promise<string>[] = [];
  const record = (response: Response) => {
    if (response.url().includes('/trpc/')) answers.push(response.text().catch(() => ''));
  };
  const row = (name: string) =>
    page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });

  beforeAll(() => {
    page.on('response', record);
  });
  afterAll(() => {
    page.off('response', record);
  });

  it('creates a connection from the form its type and auth method ask for', async () => {
    await nav(page, 'Connections').click();
    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByLabel('Connect to').selectOption({ label: 'HTTP authentication' });
    await page.getByLabel('User name and password').check();
    await page.getByLabel('Name', { exact: true }).fill('CRM');
    await page.getByLabel('User name', { exact: true }).fill('crm-bot');
    await page.getByLabel('Password', { exact: true }).fill(secrets[0]!);
    await page.getByRole('button', { name: 'Create connection' }).click();
    await row('CRM').waitFor();
  });

  it('renames it and replaces its secret; the form never shows the stored one', async () => {
    await page.getByRole('button', { name: 'Edit CRM', exact: true }).click();
    const form = page.getByRole('form', { name: 'Edit connection CRM' });
    const password = form.getByLabel(/^Password/);
    await expect(password.inputValue()).resolves.toBe('');
    await expect(password.getAttribute('type')).resolves.toBe('password');
    await expect(form.getByLabel('User name', { exact: true }).inputValue()).resolves.toBe(
      'crm-bot',
    );
    await form.getByLabel('Name', { exact: true }).fill('CRM primary');
    await password.fill(secrets[1]!);
    await snap(page, 'pages-02-connection-edit');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await row('CRM primary').waitFor();
    await expect(row('CRM').count()).resolves.toBe(0);
  });

  it('keeps the secret when it is left empty, and says why a taken name is refused', async () => {
    await page.reload();
    await page.getByRole('button', { name: 'Edit CRM primary' }).click();
    const form = page.getByRole('form', { name: 'Edit connection CRM primary' });
    await expect(form.getByLabel(/^Password/).inputValue()).resolves.toBe('');
    await form.getByLabel('User name', { exact: true }).fill('crm-bot-2');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await form.waitFor({ state: 'detached' });
    // The secret is still there: HTTP authentication has no test request, so the test reads it back.
    await row('CRM primary').getByRole('button', { name: 'Test' }).click();
    await row('CRM primary').getByText('Working').waitFor();
    await expect(row('CRM primary').textContent()).resolves.toContain('password ••••');

    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByLabel('Connect to').selectOption({ label: 'HTTP authentication' });
    await page.getByLabel('Name', { exact: true }).fill('Billing');
    await page.getByLabel('Token', { exact: true }).fill('billing-secret');
    await page.getByRole('button', { name: 'Create connection' }).click();
    await row('Billing').waitFor();
    await page.getByRole('button', { name: 'Edit Billing' }).click();
    const billing = page.getByRole('form', { name: 'Edit connection Billing' });
    await billing.getByLabel('Name', { exact: true }).fill('CRM primary');
    await billing.getByRole('button', { name: 'Save connection' }).click();
    await expect
      .poll(() => billing.getByRole('alert').textContent())
      .toBe('a connection named "CRM primary" exists');
    await billing.getByRole('button', { name: 'Cancel' }).click();
  });

  it('never sent a secret back to the browser', async () => {
    const bodies = await Promise.all(answers);
    expect(bodies.length).toBeGreaterThan(5);
    for (const secret of secrets) {
      expect(bodies.filter((b) => b.includes(secret))).toEqual([]);
      await expect(page.content()).resolves.not.toContain(secret);
    }
  });
});

describe('the inbox team view', () => {
  it('shows an admin every open task with its assignees, overdue ones highlighted', async () => {
    const approver = await member('approver', 'Ada Approver');
    const admin = await member('admin', 'Alan Admin');
    // Two approval flows for the approvers: one due at once (so overdue, kept open), one not due.
    const ask = (title: string, extra: object) =>
      graph(
        [
          node('trigger', 'core.manual_trigger', 'Manual trigger', 0),
          node('ask', 'core.approval', 'Ask', 300, {
            title,
            assignees: { users: [], roles: ['approver'] },
            notify: { email: false, slack: false },
            ...extra,
          }),
        ],
        [edge('trigger', 'ask')],
      );
    for (const [name, title, extra] of [
      ['Refunds', `Refund ${id}`, { dueAfter: { amount: 1, unit: 'ms' }, whenDue: 'stay_open' }],
      ['Discounts', `Discount ${id}`, {}],
    ] as const) {
      const flow = await callApi<{ id: string }>('flows.create', {
        name,
        graph: ask(title, extra),
      });
      await callApi('runs.testRun', { flowId: flow.id, payload: {} });
    }
    // The tasks open once the runs reach their approval nodes.
    await expect
      .poll(
        async () =>
          (await callApi<{ tasks: unknown[] }>('approvals.team', { limit: 100 }, 'query')).tasks
            .length,
        { timeout: 30_000 },
      )
      .toBe(2);

    await nav(admin, 'Inbox').click();
    await admin.getByRole('tab', { name: 'Team' }).click();
    const tasks = admin.getByRole('table', { name: 'Open team tasks' });
    const overdue = tasks.getByRole('row').filter({ hasText: `Refund ${id}` });
    const onTime = tasks.getByRole('row').filter({ hasText: `Discount ${id}` });
    await overdue.waitFor();
    await expect(overdue.textContent()).resolves.toContain('Ada Approver');
    await expect(overdue.getAttribute('class')).resolves.toContain('is-overdue');
    await expect(overdue.getByText('Overdue').count()).resolves.toBe(1);
    await expect(onTime.getAttribute('class')).resolves.toBeNull();
    await expect(onTime.getByText('Overdue').count()).resolves.toBe(0);

    const byAssignee = admin.getByRole('table', { name: 'Open tasks by assignee' });
    const ada = byAssignee.getByRole('row').filter({ hasText: 'Ada Approver' });
    await expect(ada.getByRole('cell').allTextContents()).resolves.toEqual([
      '2',
      '1',
      expect.stringMatching(/min|h|d/),
    ]);
    await snap(admin, 'pages-03-team-view');

    // The approver has the tasks in their own inbox, and no team tab.
    await nav(approver, 'Inbox').click();
    await approver.getByRole('list', { name: 'Pending tasks' }).getByText(`Refund ${id}`).waitFor();
    await expect(approver.getByRole('tab', { name: 'Team' }).count()).resolves.toBe(0);
  });
});

describe('a past test run', () => {
  it('opens on the graph it ran, not on the draft edited since', async () => {
    const canvas = canvasDriver(page);
    const flow = await callApi<{ id: string }>('flows.create', {
      name: 'Greeter',
      graph: graph(
        [
          node('trigger', 'core.manual_trigger', 'Manual trigger', 0),
          node('set', 'core.set', 'Set', 300, { values: { greeting: 'hello' } }),
        ],
        [edge('trigger', 'set')],
      ),
    });
    await page.goto(`/flows/${flow.id}`);
    await page.getByRole('heading', { name: 'Greeter' }).waitFor();
    await page.getByRole('button', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Start test run' }).click();
    await page.locator('[data-run-status="completed"]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Close run' }).click();

    // The draft moves on: a node added after the run.
    await canvas.node('Set').click();
    await page.locator('[data-node-type="core.noop"]').click();
    await canvas.node('No-op').waitFor();
    await page.getByText('All changes saved').waitFor({ timeout: 10_000 });

    await nav(page, 'Runs').click();
    const runLink = page.getByRole('link', { name: 'Greeter' });
    const listed = page.getByRole('table').or(page.getByText('No run matches these filters.'));
    // The runs list reads Temporal's visibility store, which may lag the run by a moment: a user
    // would reload the page until it shows up.
    await expect
      .poll(
        async () => {
          await listed.waitFor();
          if ((await runLink.count()) > 0) return true;
          await page.reload();
          return false;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await runLink.click();
    await page.getByRole('heading', { name: 'Greeter' }).waitFor();
    await canvas.node('Set').waitFor();
    await expect(canvas.node('Manual trigger').count()).resolves.toBe(1);
    await expect(canvas.node('No-op').count()).resolves.toBe(0);
    await expect(page.getByText('this run predates run snapshots').count()).resolves.toBe(0);
    await expect
      .poll(() => canvas.node('Set').locator('[data-status]').getAttribute('data-status'))
      .toBe('succeeded');
    await snap(page, 'pages-04-past-test-run');

    // The flow itself shows today's draft, with the node added since.
    await page.getByRole('link', { name: 'Open flow' }).click();
    await canvas.node('No-op').waitFor();
  });
});
