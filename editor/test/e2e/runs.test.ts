import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signUp } from './accounts';
import { apiCall, edge, graph, node } from './api';
import { launchChromium, newContext, snap } from './browser';
import { canvasDriver } from './canvas-driver';

// An operator looks back over a workspace's runs: filters by flow and status, and opens a past
// run on a read-only canvas painted with what each node did.

let browser: Browser;
let page: Page;
const id = randomBytes(4).toString('hex');

/** Creates and publishes a flow, then runs version 1 of it; resolves with the run id. */
async function publishedRun(name: string, nodes: unknown[], edges: unknown[]) {
  const flow = await apiCall<{ id: string }>(page, 'flows.create', {
    name,
    graph: graph(nodes, edges),
  });
  await apiCall(page, 'flows.publish', { flowId: flow.id, revision: 1 });
  return (await apiCall<{ runId: string }>(page, 'runs.start', { flowId: flow.id, payload: {} }))
    .runId;
}

const rows = () => page.locator('tbody tr');

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await newContext(browser, inject('editorUrl'))).newPage();
  await signUp(page, `runs-${id}`);
  await publishedRun(
    'Greets',
    [
      node('trigger', 'core.manual_trigger', 'Start', 0),
      node('hello', 'core.set', 'Say hello', 300, { values: { greeting: 'hello' } }),
    ],
    [edge('trigger', 'hello')],
  );
  await publishedRun(
    'Breaks',
    [
      node('trigger', 'core.manual_trigger', 'Start', 0),
      node('stop', 'core.stop_error', 'Give up', 300, { message: 'nothing to do' }),
    ],
    [edge('trigger', 'stop')],
  );
});
afterAll(async () => {
  await browser?.close();
});

describe('the runs page', () => {
  it('lists every run, and narrows them by flow and by status', async () => {
    await page.getByRole('link', { name: 'Runs' }).click();
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(2);

    await page.getByLabel('Flow').selectOption({ label: 'Breaks' });
    await expect
      .poll(() => rows().allTextContents())
      .toEqual([expect.stringMatching(/^Breaksv1Failed/)]);

    await page.getByLabel('Status').selectOption({ label: 'Succeeded' });
    await page.getByText('No run matches these filters.').waitFor();

    await page.getByLabel('Flow').selectOption({ label: 'All flows' });
    await expect
      .poll(() => rows().allTextContents())
      .toEqual([expect.stringMatching(/^Greetsv1Succeeded/)]);
    await snap(page, 'runs-01-filtered');
  });

  it('opens a past run on a read-only canvas, each node painted with what it did', async () => {
    await page.getByRole('link', { name: 'Greets' }).click();
    const canvas = canvasDriver(page);
    await expect.poll(() => canvas.status('Say hello')).toBe('succeeded');
    await expect
      .poll(() => page.locator('.react-flow__node').first().getAttribute('class'))
      .not.toContain('draggable');
    await expect(page.getByRole('navigation', { name: 'Node palette' }).count()).resolves.toBe(0);

    await page.goBack();
    await page.getByLabel('Status').selectOption({ label: 'Any status' });
    await page.getByLabel('Flow').selectOption({ label: 'Breaks' });
    await page.getByRole('link', { name: 'Breaks' }).click();
    await expect.poll(() => canvas.status('Give up')).toBe('failed');
    await page.getByText('nothing to do').first().waitFor();
    await snap(page, 'runs-02-failed-run');
  });
});
