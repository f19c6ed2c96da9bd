import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext, snap } from './browser';
import { canvasDriver } from './canvas-driver';

// The canvas on its own, in the built editor: a builder sketches a flow in the scratch canvas.

let browser: Browser;
let context: BrowserContext;
let page: Page;

let canvas: ReturnType<typeof canvasDriver>;
beforeAll(async () => {
  browser = await launchChromium();
  context = await newContext(browser, inject('editorUrl'));
  page = await context.newPage();
  canvas = canvasDriver(page);
  await page.goto('/scratch');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await canvas.node('Manual trigger').waitFor();
});

afterAll(async () => {
  await browser?.close();
});

describe('canvas', () => {
  it('builds Manual trigger → Set → Delay → If → HTTP request by drag and drop and wiring', async () => {
    await canvas.drop('core.set', 420, 180);
    await canvas.drop('core.delay', 700, 180);
    await canvas.drop('core.if', 420, 420);
    await canvas.drop('core.http_request', 700, 420);
    for (const name of ['Set', 'Delay', 'If', 'HTTP request'])
      await expect(canvas.node(name).count()).resolves.toBe(1);
    await canvas.fitView();
    await canvas.wire('Manual trigger', 'main', 'Set');
    await canvas.wire('Set', 'main', 'Delay');
    await canvas.wire('Delay', 'main', 'If');
    await canvas.wire('If', 'true', 'HTTP request');
    await snap(page, 'canvas-01-wired');
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(4);
  });

  it('refuses a connection that would form a cycle', async () => {
    await canvas.wire('HTTP request', 'main', 'Set');
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(4);
  });

  it('shows a bad expression as an error on its node, and clears it once fixed', async () => {
    await canvas.node('Set').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector: Set' });
    await inspector.getByPlaceholder('name').fill('greeting');
    await inspector.getByRole('button', { name: 'Add' }).click();
    await canvas.typeExpression('greeting', '{{ $trigger.( }}');
    await canvas.node('Set').locator('.badge-error').waitFor();
    await expect(inspector.locator('.field-problems').first().textContent()).resolves.toContain(
      'param "values.greeting"',
    );
    await snap(page, 'canvas-02-bad-expression');
    await canvas.typeExpression('greeting', '{{ $trigger.name }}');
    await canvas.node('Set').locator('.badge-error').waitFor({ state: 'detached' });
  });

  it('completes upstream node outputs from their schemas', async () => {
    await canvas.node('HTTP request').click();
    await canvas.typeExpression('Url', 'https://example.test/{{ $node.');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await expect
      .poll(async () => (await options.allTextContents()).join(' '))
      .toMatch(/Delay.*Manual trigger.*Set|Set.*Delay/s);
    await snap(page, 'canvas-03-autocomplete');
    await page.keyboard.press('Escape');
    await canvas.typeExpression('Url', 'https://example.test/{{ $node.Set.output.greeting }}');
  });

  it('selects the node of a problem chosen in the problems list, and fills the remaining params', async () => {
    await page
      .locator('.problem', { has: page.locator('.problem-node', { hasText: /^If$/ }) })
      .first()
      .click();
    const inspector = page.getByRole('complementary', { name: 'Inspector: If' });
    await inspector.getByLabel('Condition').check();
    await page
      .locator('.problem', { has: page.locator('.problem-node', { hasText: /^Delay$/ }) })
      .first()
      .click();
    await page
      .getByRole('complementary', { name: 'Inspector: Delay' })
      .getByLabel('Amount')
      .fill('2');
    await snap(page, 'canvas-03b-params');
    await expect.poll(() => page.locator('#problems-title').textContent()).toMatch(/0 errors/);
  });

  it('undoes and redoes a delete', async () => {
    await canvas.node('HTTP request').click();
    await page.locator('.react-flow__pane').focus();
    await page.keyboard.press('Delete');
    await expect(canvas.node('HTTP request').count()).resolves.toBe(0);
    await page.keyboard.press('Control+z');
    await expect(canvas.node('HTTP request').count()).resolves.toBe(1);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(4);
    await page.keyboard.press('Control+Shift+z');
    await expect(canvas.node('HTTP request').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(canvas.node('HTTP request').count()).resolves.toBe(1);
  });

  it('copies and pastes through the system clipboard, also into another tab', async () => {
    await canvas.node('Set').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await canvas.node('Set 2').waitFor();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(text)).toMatchObject({
      kind: 'bizosaas/canvas-fragment',
      nodes: [{ name: 'Set' }],
    });
    const other = await context.newPage();
    await other.goto('/scratch');
    await other.locator('.react-flow__node').first().waitFor();
    const before = await other.locator('[data-node-name^="Set"]').count();
    await other.keyboard.press('Control+v');
    await expect.poll(() => other.locator('[data-node-name^="Set"]').count()).toBe(before + 1);
    await other.close();
  });

  it('lays the flow out automatically, as one undoable step', async () => {
    const before = await canvas.node('HTTP request').boundingBox();
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await expect
      .poll(async () => JSON.stringify(await canvas.node('HTTP request').boundingBox()), {
        timeout: 10_000,
      })
      .not.toBe(JSON.stringify(before));
    await canvas.settle();
    await snap(page, 'canvas-04-auto-layout');
  });

  it('opens the shortcuts overlay with ?', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Shift+?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await snap(page, 'canvas-05-shortcuts');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });
});
