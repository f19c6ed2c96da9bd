import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext, snap } from './browser';
import { invite, signUp } from './accounts';
import { canvasDriver } from './canvas-driver';

// A builder's first day against the real server and worker: sign up, allow an internal host,
// drag Manual trigger → Set → Approval → If → HTTP request onto a flow and wire it, fix a bad
// expression, publish, test-run; an approver approves the task from the inbox; the builder reads
// the HTTP node's output, pastes, undoes, redoes, lays out and compares versions; a viewer only
// reads; another tenant sees nothing.

const id = randomBytes(4).toString('hex');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const COMMENT = 'Friendly enough, send it.';
let browser: Browser;
let builder: BrowserContext;
let page: Page;
let canvas: ReturnType<typeof canvasDriver>;
let approver: Page;
let echo: Server;
let echoHost: string;
let flowUrl: string;

beforeAll(async () => {
  // The "internal service" the HTTP node calls: it echoes what it was asked.
  echo = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ echoed: req.url, ok: true }));
  });
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  echoHost = `127.0.0.1:${(echo.address() as AddressInfo).port}`;
  browser = await launchChromium();
  builder = await newContext(browser, inject('editorUrl'));
  page = await builder.newPage();
  canvas = canvasDriver(page);
});

afterAll(async () => {
  await browser?.close();
  echo?.close();
});

describe('a builder and an approver, end to end', () => {
  it('signs up and allows the internal service in the outbound settings', async () => {
    await signUp(page, `jb-${id}`);
    await snap(page, 'journey-01-flows-empty');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Allowed internal hosts').fill(echoHost);
    await page.getByRole('button', { name: 'Save network settings' }).click();
    await page.getByText('Saved.').waitFor();
  });

  it('invites an approver, who joins from the link', async () => {
    // Before any run: an approval task goes to the members holding the role when it opens.
    approver = await invite(page, browser, {
      role: 'approver',
      email: `approver-${id}@example.test`,
      name: 'Abe Approver',
    });
    await approver.getByText('Approver', { exact: true }).waitFor();
  });

  it('drags Manual trigger → Set → Approval → If → HTTP request onto a new flow and wires them', async () => {
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.getByLabel('New flow name').fill('Greeting');
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByRole('heading', { name: 'Greeting' }).waitFor();
    flowUrl = page.url();
    // The empty canvas fits its view to the first node, so that one goes in the middle and the
    // rest around it, clear of the minimap (bottom right) and the zoom controls (bottom left).
    const drops = [
      ['core.manual_trigger', 'Manual trigger', { x: 0.5, y: 0.5 }],
      ['core.set', 'Set', { x: 0.5, y: 0.18 }],
      ['core.approval', 'Approval', { x: 0.82, y: 0.2 }],
      ['core.if', 'If', { x: 0.82, y: 0.5 }],
      ['core.http_request', 'HTTP request', { x: 0.5, y: 0.8 }],
    ] as const;
    for (const [type, name, at] of drops) {
      await canvas.dropAt(type, at);
      await canvas.node(name).waitFor();
      await canvas.settle();
    }
    await canvas.fitView();
    await canvas.wire('Manual trigger', 'main', 'Set');
    await canvas.wire('Set', 'main', 'Approval');
    await canvas.wire('Approval', 'approved', 'If');
    await canvas.wire('If', 'true', 'HTTP request');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
    await snap(page, 'journey-02-wired');
  });

  it('shows a bad expression as an error on its node until it is fixed', async () => {
    await canvas.node('Set').click();
    const set = page.getByRole('complementary', { name: 'Inspector: Set' });
    await set.getByPlaceholder('name').fill('greeting');
    await set.getByRole('button', { name: 'Add', exact: true }).click();
    await canvas.typeExpression('greeting', '{{ $trigger.( }}');
    await canvas.node('Set').locator('.badge-error').waitFor();
    await snap(page, 'journey-03-bad-expression');
    await canvas.typeExpression('greeting', '{{ "Hello " & $trigger.name }}');
    await canvas.node('Set').locator('.badge-error').waitFor({ state: 'detached' });

    // The approval goes to the approver role unless told otherwise; it shows the greeting.
    await canvas.node('Approval').click();
    const approval = page.getByRole('complementary', { name: 'Inspector: Approval' });
    await expect(approval.getByRole('combobox', { name: /^Roles 1/ }).inputValue()).resolves.toBe(
      'approver',
    );
    // People are picked by name among the members who may decide: the owner and the approver.
    const users = approval.getByRole('group', { name: 'Users', exact: true }).first();
    await expect(users.getByRole('checkbox').count()).resolves.toBe(2);
    await users.getByLabel('Abe Approver (approver)').check();
    await canvas.typeExpression('Title', 'Greet {{ $trigger.name }}?');
    await approval.getByPlaceholder('name').fill('Greeting');
    await approval.getByRole('button', { name: 'Add', exact: true }).click();
    await canvas.typeExpression('Greeting', '{{ $node.Set.output.greeting }}');

    await canvas.node('If').click();
    await page
      .getByRole('complementary', { name: 'Inspector: If' })
      .getByLabel('Condition')
      .check();
    await canvas.node('HTTP request').click();
    await canvas.typeExpression('Url', `http://${echoHost}/greet`);
    await expect.poll(() => page.locator('#problems-title').textContent()).toMatch(/0 errors/);
    await page.getByText('All changes saved').waitFor({ timeout: 10_000 });
  });

  it('publishes and test-runs: the run waits at the Approval node', async () => {
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect
      .poll(() => page.locator('.toolbar-message').textContent(), { timeout: 15_000 })
      .toBe('Published version 1.');
    await page.getByRole('button', { name: 'Test run' }).click();
    await page.getByLabel('Trigger payload (JSON)').fill('{ "name": "Ada" }');
    await page.getByRole('button', { name: 'Start test run' }).click();
    await expect.poll(() => canvas.status('Approval'), { timeout: 30_000 }).toBe('waiting');
    await expect(
      canvas.node('Approval').getByText('Waiting', { exact: true }).count(),
    ).resolves.toBe(1);
    for (const name of ['Manual trigger', 'Set'])
      await expect.poll(() => canvas.status(name)).toBe('succeeded');
    await expect(page.locator('[data-run-status]').getAttribute('data-run-status')).resolves.toBe(
      'running',
    );
    await snap(page, 'journey-04-waiting-for-approval');
  });

  it('the approver finds the task in the inbox and approves it with a comment', async () => {
    await approver.getByRole('link', { name: 'Inbox' }).click();
    await approver.getByLabel('1 pending').waitFor();
    await approver
      .getByRole('list', { name: 'Pending tasks' })
      .getByRole('button', { name: /Greet Ada\?/ })
      .click();
    const task = approver.getByRole('region', { name: 'Greet Ada?' });
    await task.getByText('Hello Ada').waitFor();
    await task.getByLabel('Comment').fill(COMMENT);
    await snap(approver, 'journey-05-inbox-task');
    await approver.setViewportSize(PHONE);
    await task.getByRole('button', { name: 'Approve' }).scrollIntoViewIfNeeded();
    await snap(approver, 'journey-06-inbox-task-phone');
    await approver.setViewportSize(DESKTOP);
    await task.getByRole('button', { name: 'Approve' }).click();
    await approver.getByText('Nothing waits for you').waitFor();
    await approver.getByRole('status').filter({ hasText: 'You approved “Greet Ada?”.' }).waitFor();
    await expect(approver.getByLabel('1 pending').count()).resolves.toBe(0);
  });

  it('the builder sees every node succeeded and reads the HTTP output', async () => {
    await page.locator('[data-run-status="completed"]').waitFor({ timeout: 30_000 });
    // The run panel took room from the canvas: bring every node back into view.
    await canvas.fitView();
    for (const name of ['Manual trigger', 'Set', 'Approval', 'If', 'HTTP request'])
      await expect.poll(() => canvas.status(name)).toBe('succeeded');
    // The timeline's row selects its node, as a click on the node does.
    const timeline = page.getByRole('list', { name: 'Node timeline' });
    const output = page.getByLabel('Output JSON');
    await timeline.getByRole('button', { name: 'Approval' }).click();
    await expect.poll(() => output.textContent()).toContain(COMMENT);
    await timeline.getByRole('button', { name: 'HTTP request' }).click();
    await expect.poll(() => output.textContent()).toContain('/greet');
    await output.scrollIntoViewIfNeeded();
    await snap(page, 'journey-07-test-run');
  });

  it('pastes, undoes and redoes, lays out, and compares the draft with version 1', async () => {
    await page.getByRole('button', { name: 'Close run' }).click();
    await canvas.node('Set').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await canvas.node('Set 2').waitFor();
    await page.keyboard.press('Control+z');
    await canvas.node('Set 2').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Redo' }).click();
    await canvas.node('Set 2').waitFor();

    const before = JSON.stringify(await canvas.node('Set 2').boundingBox());
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await expect
      .poll(async () => JSON.stringify(await canvas.node('Set 2').boundingBox()), {
        timeout: 10_000,
      })
      .not.toBe(before);
    await canvas.settle();
    await snap(page, 'journey-08-auto-layout');
    await page.getByText('All changes saved').waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Compare with draft' }).click();
    await page.getByRole('heading', { name: 'Changes from v1 to the draft' }).waitFor();
    await expect
      .poll(() => canvas.node('Set 2').locator('[data-diff]').getAttribute('data-diff'))
      .toBe('added');
    await snap(page, 'journey-09-diff');
  });
});

describe('other people', () => {
  it('a viewer opens the flow read-only', async () => {
    const viewer = await invite(page, browser, {
      role: 'viewer',
      email: `viewer-${id}@example.test`,
      name: 'Vera Viewer',
    });
    await viewer.goto(flowUrl);
    await viewer.getByText('Read-only').waitFor();
    await expect(viewer.getByRole('navigation', { name: 'Node palette' }).count()).resolves.toBe(0);
    await expect(viewer.getByRole('button', { name: 'Publish' }).count()).resolves.toBe(0);
    await expect(
      viewer.locator('.react-flow__node[data-id]').first().getAttribute('class'),
    ).resolves.not.toContain('draggable');
    await snap(viewer, 'journey-10-viewer');
    await viewer.context().close();
  });

  it("another tenant's builder finds nothing at the flow's address", async () => {
    const other = await newContext(browser, inject('editorUrl'));
    const otherPage = await other.newPage();
    await signUp(otherPage, `jo-${id}`);
    await otherPage.goto(flowUrl);
    await otherPage.getByRole('heading', { name: 'Not found' }).waitFor();
    await snap(otherPage, 'journey-11-other-tenant');
    await other.close();
  });
});
