import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signUp } from './accounts';
import { launchChromium, newContext, snap } from './browser';
import { canvasDriver } from './canvas-driver';

// One flow open in two tabs (or by two builders): the later save meets the earlier one. Nothing is
// lost silently: the canvas says so and lets the builder choose whose version wins.

let browser: Browser;
let first: Page;
let second: Page;

const saved = (page: Page) => page.getByText('All changes saved').waitFor({ timeout: 15_000 });
const conflict = (page: Page) => page.getByRole('dialog', { name: 'This flow changed elsewhere' });

beforeAll(async () => {
  browser = await launchChromium();
  const context = await newContext(browser, inject('editorUrl'));
  first = await context.newPage();
  await signUp(first, `cf-${randomBytes(4).toString('hex')}`);
  await first.getByLabel('New flow name').fill('Shared');
  await first.getByRole('button', { name: 'New flow' }).click();
  await first.getByRole('heading', { name: 'Shared' }).waitFor();
  second = await context.newPage();
  await second.goto(first.url());
  await second.getByRole('heading', { name: 'Shared' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe('two tabs saving one flow', () => {
  it('the later save is stopped and shown; "Overwrite with mine" saves it over the other', async () => {
    await first.locator('[data-node-type="core.manual_trigger"]').click();
    await saved(first);

    await second.locator('[data-node-type="core.noop"]').click();
    await conflict(second).waitFor();
    await snap(second, 'conflict-01-dialog');
    await conflict(second).getByRole('button', { name: 'Overwrite with mine' }).click();
    await saved(second);

    await second.reload();
    await canvasDriver(second).node('No-op').waitFor();
    await expect(canvasDriver(second).node('Manual trigger').count()).resolves.toBe(0);
  });

  it('"Reload theirs" drops the unsaved change and shows the saved flow', async () => {
    await first.locator('[data-node-type="core.delay"]').click();
    await conflict(first).waitFor();
    await conflict(first).getByRole('button', { name: 'Reload theirs' }).click();
    await conflict(first).waitFor({ state: 'detached' });
    const canvas = canvasDriver(first);
    await canvas.node('No-op').waitFor();
    await expect(canvas.node('Manual trigger').count()).resolves.toBe(0);
    await expect(canvas.node('Delay').count()).resolves.toBe(0);
  });
});
