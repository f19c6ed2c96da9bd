import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext } from '../e2e/browser';
import { canvasDriver } from '../e2e/canvas-driver';

// React Flow learns where an edge attaches from the handles it finds when it measures a node. It
// measures on mount and resize only, so a Set node that started routing its errors (one more
// output, same height) could not be wired from its error output. And zoomed out, where nodes
// leave their handles out, a node that grew had its edges dropped until it was measured again.
// (Zoomed out, edges are now drawn by the overview; the node must still wire once zoomed in.)

let browser: Browser;
let page: Page;
let canvas: ReturnType<typeof canvasDriver>;
const edges = () => page.locator('.react-flow__edge').count();
const routeErrors = async (name: string) => {
  await canvas.node(name).click();
  await page.getByLabel('On error').selectOption('route');
};

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await newContext(browser, inject('editorUrl'))).newPage();
  canvas = canvasDriver(page);
  await page.goto('/scratch');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await canvas.node('Manual trigger').waitFor();
  await canvas.drop('core.set', 420, 160);
  await canvas.drop('core.if', 420, 420);
  await canvas.drop('core.delay', 760, 160);
  await canvas.drop('core.http_request', 760, 420);
  await canvas.fitView();
});

afterAll(async () => {
  await browser?.close();
});

describe('regression: handles React Flow has not measured', () => {
  it('wires the error output a Set node gains when it routes its errors', async () => {
    await routeErrors('Set');
    await canvas.handle('Set', 'source', 'error').waitFor();
    await canvas.wire('Set', 'error', 'Delay');
    await expect.poll(edges).toBe(1);
  });

  it('keeps the edges of a node that grows while zoomed out, and wires it once zoomed in', async () => {
    await canvas.wire('If', 'true', 'Set');
    await expect.poll(edges).toBe(2);
    // Selected, the If node stays on the canvas (not in the overview) once zoomed out.
    await canvas.node('If').click();
    const zoomOut = page.getByRole('button', { name: 'Zoom Out' });
    while ((await page.locator('.react-flow.is-zoomed-out').count()) === 0) await zoomOut.click();
    await routeErrors('If');
    await expect.poll(() => canvas.node('If').locator('.react-flow__handle').count()).toBe(0);
    const overviewEdges = async () =>
      (await page.locator('.overview-edges').getAttribute('d'))?.match(/M/g)?.length;
    await expect.poll(overviewEdges).toBe(2);
    await canvas.fitView();
    await canvas.wire('If', 'error', 'HTTP request');
    await expect.poll(edges).toBe(3);
  });
});
