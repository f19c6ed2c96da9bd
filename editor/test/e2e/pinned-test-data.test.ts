import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signUp } from './accounts';
import { apiCall, edge, graph, node } from './api';
import { launchChromium, newContext, snap } from './browser';
import { canvasDriver } from './canvas-driver';

// Pinned test data: a builder test-runs a flow with a payload; after a reload the Test run dialog
// opens on that payload, and the inspector shows each node's input and output from that run.

let browser: Browser;
let page: Page;
const id = randomBytes(4).toString('hex');
const PAYLOAD = { name: 'Ada', lines: [{ sku: 'A-1', qty: 2 }] };

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await newContext(browser, inject('editorUrl'))).newPage();
  await signUp(page, `pinned-${id}`);
  const flow = await apiCall<{ id: string }>(page, 'flows.create', {
    name: 'Greeter',
    graph: graph(
      [
        node('trigger', 'core.manual_trigger', 'Start', 0),
        node('greet', 'core.set', 'Greet', 300, {
          values: { greeting: '{{ "Hello " & $trigger.name }}' },
        }),
      ],
      [edge('trigger', 'greet')],
    ),
  });
  await page.goto(`/flows/${flow.id}`);
  await page.getByRole('heading', { name: 'Greeter' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
});

const samples = (nodeName: string) =>
  page
    .getByRole('complementary', { name: `Inspector: ${nodeName}` })
    .getByRole('region', { name: 'Sample data' });

describe('pinned test data', () => {
  it('says there is no sample before any test run', async () => {
    const canvas = canvasDriver(page);
    await canvas.node('Greet').click();
    await samples('Greet').getByText('No sample yet — run a test.').waitFor();
  });

  it('keeps the payload of a test run: after a reload the Test run dialog opens on it', async () => {
    await page.getByRole('button', { name: 'Test run' }).click();
    await page.getByLabel('Trigger payload (JSON)').fill(JSON.stringify(PAYLOAD));
    await page.getByRole('button', { name: 'Start test run' }).click();
    await page.locator('[data-run-status="completed"]').waitFor({ timeout: 30_000 });
    // The run just started is the sample at once, beside the run panel's own view of the node.
    await canvasDriver(page).node('Greet').click();
    await expect
      .poll(() => samples('Greet').getByLabel('Sample output').textContent())
      .toContain('Hello Ada');
    await expect(page.getByLabel('Output JSON').count()).resolves.toBe(1);

    await page.reload();
    await page.getByRole('heading', { name: 'Greeter' }).waitFor();
    await page.getByRole('button', { name: 'Test run' }).click();
    const field = page.getByLabel('Trigger payload (JSON)');
    expect(JSON.parse(await field.inputValue())).toEqual(PAYLOAD);
    await snap(page, 'pinned-01-test-run-dialog');
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it("shows the selected node's input and output from that run, read-only", async () => {
    const canvas = canvasDriver(page);
    // No run is open after the reload: the samples come from the pinned test run alone.
    await expect(page.locator('[data-run-status]').count()).resolves.toBe(0);
    await canvas.node('Greet').click();
    const greet = samples('Greet');
    const output = greet.getByLabel('Sample output');
    await expect.poll(() => output.textContent()).toContain('"greeting": "Hello Ada"');
    await expect(greet.getByLabel('Sample input').textContent()).resolves.toContain(
      '"name": "Ada"',
    );
    await expect(greet.getByRole('textbox').count()).resolves.toBe(0);
    await output.scrollIntoViewIfNeeded();
    await snap(page, 'pinned-02-node-samples');

    await canvas.node('Start').click();
    await expect
      .poll(() => samples('Start').getByLabel('Sample output').textContent())
      .toContain('"sku": "A-1"');
  });

  it('is forgotten once cleared: no sample, and the dialog opens empty after a reload', async () => {
    await samples('Start').getByRole('button', { name: 'Clear test data' }).click();
    await samples('Start').getByText('No sample yet — run a test.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Greeter' }).waitFor();
    await page.getByRole('button', { name: 'Test run' }).click();
    await expect(page.getByLabel('Trigger payload (JSON)').inputValue()).resolves.toMatch(
      /^\{\s*\}$/,
    );
  });
});
