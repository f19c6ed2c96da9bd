import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext, snap } from './browser';

// The canvas on its own, in the built editor: a builder sketches a flow in the scratch canvas.

let browser: Browser;
let context: BrowserContext;
let page: Page;

const node = (name: string) =>
  page.locator('.react-flow__node', { has: page.locator(`[data-node-name="${name}"]`) });
const handle = (name: string, kind: 'source' | 'target', port = 'main') =>
  node(name).locator(`.react-flow__handle.${kind}[data-handleid="${port}"]`);

async function drop(type: string, x: number, y: number) {
  await page.dragAndDrop(`[data-node-type="${type}"]`, '.react-flow__pane', {
    targetPosition: { x, y },
  });
}

async function wire(from: string, port: string, to: string) {
  const a = await handle(from, 'source', port).boundingBox();
  const b = await handle(to, 'target').boundingBox();
  if (!a || !b) throw new Error(`handles of ${from} → ${to} not visible`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function typeExpression(label: string, text: string) {
  const editor = page.locator(`[data-testid="expression-${label}"] .cm-content`);
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text, { delay: 5 });
}

beforeAll(async () => {
  browser = await launchChromium();
  context = await newContext(browser, inject('editorUrl'));
  page = await context.newPage();
  await page.goto('/scratch');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await node('Manual trigger').waitFor();
});

afterAll(async () => {
  await browser?.close();
});

describe('canvas', () => {
  it('builds Manual trigger → Set → Delay → If → HTTP request by drag and drop and wiring', async () => {
    await drop('core.set', 420, 180);
    await drop('core.delay', 700, 180);
    await drop('core.if', 420, 420);
    await drop('core.http_request', 700, 420);
    for (const name of ['Set', 'Delay', 'If', 'HTTP request'])
      await expect(node(name).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await page.waitForTimeout(400);
    await wire('Manual trigger', 'main', 'Set');
    await wire('Set', 'main', 'Delay');
    await wire('Delay', 'main', 'If');
    await wire('If', 'true', 'HTTP request');
    await snap(page, 'canvas-01-wired');
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(4);
  });

  it('refuses a connection that would form a cycle', async () => {
    await wire('HTTP request', 'main', 'Set');
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(4);
  });

  it('shows a bad expression as an error on its node, and clears it once fixed', async () => {
    await node('Set').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector: Set' });
    await inspector.getByPlaceholder('name').fill('greeting');
    await inspector.getByRole('button', { name: 'Add' }).click();
    await typeExpression('greeting', '{{ $trigger.( }}');
    await node('Set').locator('.badge-error').waitFor();
    await expect(inspector.locator('.field-problems').first().textContent()).resolves.toContain(
      'param "values.greeting"',
    );
    await snap(page, 'canvas-02-bad-expression');
    await typeExpression('greeting', '{{ $trigger.name }}');
    await node('Set').locator('.badge-error').waitFor({ state: 'detached' });
  });

  it('completes upstream node outputs from their schemas', async () => {
    await node('HTTP request').click();
    await typeExpression('Url', 'https://example.test/{{ $node.');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await expect
      .poll(async () => (await options.allTextContents()).join(' '))
      .toMatch(/Delay.*Manual trigger.*Set|Set.*Delay/s);
    await snap(page, 'canvas-03-autocomplete');
    await page.keyboard.press('Escape');
    await typeExpression('Url', 'https://example.test/{{ $node.Set.output.greeting }}');
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
    await node('HTTP request').click();
    await page.locator('.react-flow__pane').focus();
    await page.keyboard.press('Delete');
    await expect(node('HTTP request').count()).resolves.toBe(0);
    await page.keyboard.press('Control+z');
    await expect(node('HTTP request').count()).resolves.toBe(1);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(4);
    await page.keyboard.press('Control+Shift+z');
    await expect(node('HTTP request').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(node('HTTP request').count()).resolves.toBe(1);
  });

  it('copies and pastes through the system clipboard, also into another tab', async () => {
    await node('Set').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await node('Set 2').waitFor();
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
    const before = await node('HTTP request').boundingBox();
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await expect
      .poll(async () => JSON.stringify(await node('HTTP request').boundingBox()), {
        timeout: 10_000,
      })
      .not.toBe(JSON.stringify(before));
    await page.waitForTimeout(400);
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
