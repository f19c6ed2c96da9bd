import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext, snap } from './browser';
import { canvasDriver } from './canvas-driver';

// A builder's first day against the real server and worker: sign up, allow an internal host,
// build Manual trigger → Set → If → HTTP request, fix a bad expression, publish, test-run and read
// the HTTP node's output, compare versions; a viewer only reads; another tenant sees nothing.

const id = randomBytes(4).toString('hex');
let browser: Browser;
let builder: BrowserContext;
let page: Page;
let canvas: ReturnType<typeof canvasDriver>;
let echo: Server;
let echoHost: string;
let flowUrl: string;

async function signUp(target: Page, slug: string) {
  await target.goto('/signup');
  await target.getByLabel('Your name').fill(`Builder ${slug}`);
  await target.getByLabel('Email').fill(`${slug}@example.test`);
  await target.getByLabel('Password').fill('correct horse battery');
  await target.getByLabel('Workspace name').fill(`Workspace ${slug}`);
  await target.getByLabel('Workspace address').fill(slug);
  await target.getByRole('button', { name: 'Create workspace' }).click();
  await target.getByRole('heading', { name: 'Flows' }).waitFor();
}

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

describe('a builder, end to end', () => {
  it('signs up and allows the internal service in the outbound settings', async () => {
    await signUp(page, `jb-${id}`);
    await snap(page, 'journey-01-flows-empty');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Allowed internal hosts').fill(echoHost);
    await page.getByRole('button', { name: 'Save network settings' }).click();
    await page.getByText('Saved.').waitFor();
  });

  it('builds Manual trigger → Set → If → HTTP request on a new flow', async () => {
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.getByLabel('New flow name').fill('Greeting');
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByRole('heading', { name: 'Greeting' }).waitFor();
    flowUrl = page.url();
    // Pressing palette items (the keyboard path) chains each new node beside the selected one;
    // dragging from the palette is covered by the scratch canvas tests.
    for (const type of ['core.manual_trigger', 'core.set', 'core.if', 'core.http_request'])
      await page.locator(`[data-node-type="${type}"]`).click();
    await page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await page.waitForTimeout(400);
    await canvas.wire('Manual trigger', 'main', 'Set');
    await canvas.wire('Set', 'main', 'If');
    await canvas.wire('If', 'true', 'HTTP request');
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(3);
  });

  it('shows a bad expression as an error on its node until it is fixed', async () => {
    await canvas.node('Set').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector: Set' });
    await inspector.getByPlaceholder('name').fill('greeting');
    await inspector.getByRole('button', { name: 'Add' }).click();
    await canvas.typeExpression('greeting', '{{ $trigger.( }}');
    await canvas.node('Set').locator('.badge-error').waitFor();
    await snap(page, 'journey-02-bad-expression');
    await canvas.typeExpression('greeting', '{{ "Hello " & $trigger.name }}');
    await canvas.node('Set').locator('.badge-error').waitFor({ state: 'detached' });

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

  it('publishes, test-runs with a payload and paints every node succeeded', async () => {
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect
      .poll(() => page.locator('.toolbar-message').textContent(), { timeout: 15_000 })
      .toBe('Published version 1.');
    await page.getByRole('button', { name: 'Test run' }).click();
    await page.getByLabel('Trigger payload (JSON)').fill('{ "name": "Ada" }');
    await page.getByRole('button', { name: 'Start test run' }).click();
    await page.locator('[data-run-status="completed"]').waitFor({ timeout: 30_000 });
    for (const name of ['Manual trigger', 'Set', 'If', 'HTTP request'])
      await expect
        .poll(() => canvas.node(name).locator('[data-status]').getAttribute('data-status'))
        .toBe('succeeded');
    // The timeline's row selects its node, as a click on the node does.
    await page
      .getByRole('list', { name: 'Node timeline' })
      .getByRole('button', { name: 'HTTP request' })
      .click();
    const output = page.getByLabel('Output JSON');
    await expect.poll(() => output.textContent()).toContain('/greet');
    await snap(page, 'journey-03-test-run');
  });

  it('compares the published version with an edited draft', async () => {
    await page.getByRole('button', { name: 'Close run' }).click();
    // Pressing a palette item adds the node beside the selected one (the keyboard path).
    await page.locator('[data-node-type="core.noop"]').click();
    await canvas.node('No-op').waitFor();
    await page.getByText('All changes saved').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Compare with draft' }).click();
    await page.getByRole('heading', { name: 'Changes from v1 to the draft' }).waitFor();
    await expect
      .poll(() => canvas.node('No-op').locator('[data-diff]').getAttribute('data-diff'))
      .toBe('added');
    await snap(page, 'journey-04-diff');
  });
});

describe('the approvals inbox', () => {
  it('opens empty for an owner, with the keys it answers to, also at phone width', async () => {
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByText('Nothing waits for you').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, 'journey-07-inbox-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});

describe('other people', () => {
  it('a viewer opens the flow read-only', async () => {
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Email', { exact: true }).fill(`viewer-${id}@example.test`);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Create invite link' }).click();
    const link = await page.getByLabel('Invite link').inputValue();
    const viewer = await newContext(browser, inject('editorUrl'));
    const viewerPage = await viewer.newPage();
    await viewerPage.goto(link);
    await viewerPage.getByLabel('Your name').fill('Vera Viewer');
    await viewerPage.getByLabel('Password').fill('viewer password 123');
    await viewerPage.getByRole('button', { name: 'Join' }).click();
    await viewerPage.getByRole('heading', { name: 'Flows' }).waitFor();
    await viewerPage.goto(flowUrl);
    await viewerPage.getByText('Read-only').waitFor();
    await expect(
      viewerPage.getByRole('navigation', { name: 'Node palette' }).count(),
    ).resolves.toBe(0);
    await expect(viewerPage.getByRole('button', { name: 'Publish' }).count()).resolves.toBe(0);
    await expect(
      viewerPage.locator('.react-flow__node[data-id]').first().getAttribute('class'),
    ).resolves.not.toContain('draggable');
    await snap(viewerPage, 'journey-05-viewer');
    await viewer.close();
  });

  it("another tenant's builder finds nothing at the flow's address", async () => {
    const other = await newContext(browser, inject('editorUrl'));
    const otherPage = await other.newPage();
    await signUp(otherPage, `jo-${id}`);
    await otherPage.goto(flowUrl);
    await otherPage.getByRole('heading', { name: 'Not found' }).waitFor();
    await snap(otherPage, 'journey-06-other-tenant');
    await other.close();
  });
});
