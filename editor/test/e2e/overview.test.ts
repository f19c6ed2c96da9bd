import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext, snap } from './browser';
import { canvasDriver } from './canvas-driver';

// A large flow zoomed out: the overview draws what React Flow does not show, and the node under
// the pointer comes alive to be opened, moved or selected. Any node is found by name.

const CHAINS = 12;
const STEPS = 25;
const COUNT = CHAINS * STEPS;
const at = (chain: number, step: number) => ({ x: step * 280, y: chain * 120 });

function largeFlow() {
  const nodes = [];
  const edges = [];
  for (let c = 0; c < CHAINS; c++)
    for (let s = 0; s < STEPS; s++) {
      nodes.push({
        id: `n${c}_${s}`,
        type: 'core.set',
        typeVersion: 1,
        name: `Step ${c}.${s}`,
        position: at(c, s),
        params: { values: {}, keepInput: true },
        onError: 'fail',
      });
      if (s > 0)
        edges.push({
          id: `e${c}_${s}`,
          source: `n${c}_${s - 1}`,
          sourceOutput: 'main',
          target: `n${c}_${s}`,
          targetInput: 'main',
        });
    }
  return { schemaVersion: 2, nodes, edges, settings: { variables: {} } };
}

let browser: Browser;
let page: Page;
let canvas: ReturnType<typeof canvasDriver>;
const drawn = () => page.locator('.canvas-overview').getAttribute('data-drawn-nodes');
const liveNodes = () => page.locator('.react-flow__node-flow').count();
const stored = (id: string) =>
  page.evaluate((nodeId) => {
    const graph = JSON.parse(localStorage.getItem('bizosaas.scratch') ?? '{}');
    return graph.nodes.find((n: { id: string }) => n.id === nodeId).position;
  }, id);

/** Where a node's centre is on screen, from the viewport React Flow shows. */
async function screenPoint(chain: number, step: number, on = page) {
  const pane = await on.locator('.react-flow__pane').boundingBox();
  const [tx, ty, zoom] = await on.evaluate(() =>
    (
      document
        .querySelector<HTMLElement>('.react-flow__viewport')!
        .style.transform.match(/-?[\d.]+/g) ?? []
    ).map(Number),
  );
  const { x, y } = at(chain, step);
  return { x: pane!.x + tx! + (x + 110) * zoom!, y: pane!.y + ty! + (y + 28) * zoom!, zoom: zoom! };
}

/** The scratch canvas with the large flow, zoomed out to fit. */
async function openLargeFlow(on: Page) {
  await on.goto('/scratch');
  await on.evaluate(
    (flow) => localStorage.setItem('bizosaas.scratch', JSON.stringify(flow)),
    largeFlow(),
  );
  await on.reload();
  await on.locator('.canvas-overview').waitFor();
}

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await newContext(browser, inject('editorUrl'))).newPage();
  canvas = canvasDriver(page);
  await openLargeFlow(page);
});

afterAll(async () => {
  await browser?.close();
});

describe('zoomed-out overview of a large flow', () => {
  it('draws every node and edge in the overview instead of as React Flow elements', async () => {
    await expect.poll(drawn).toBe(String(COUNT));
    expect(await liveNodes()).toBe(0);
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
    const edges = await page.locator('.overview-edges').getAttribute('d');
    expect(edges?.match(/M/g)).toHaveLength(CHAINS * (STEPS - 1));
    await snap(page, 'overview-01-zoomed-out');
  });

  it('brings the node under the pointer to life, to open it with a double click', async () => {
    const point = await screenPoint(3, 4);
    await page.mouse.move(point.x, point.y, { steps: 3 });
    await canvas.node('Step 3.4').waitFor();
    expect(await liveNodes()).toBe(1);
    await expect.poll(drawn).toBe(String(COUNT - 1));
    await page.mouse.dblclick(point.x, point.y);
    await page.getByRole('complementary', { name: 'Inspector: Step 3.4' }).waitFor();
  });

  it('selects a drawn node tapped on a touch screen, where nothing hovers first', async () => {
    const phone = await browser.newContext({
      baseURL: inject('editorUrl'),
      viewport: { width: 1440, height: 900 },
      hasTouch: true,
    });
    try {
      const tablet = await phone.newPage();
      await openLargeFlow(tablet);
      const point = await screenPoint(9, 12, tablet);
      await tablet.touchscreen.tap(point.x, point.y);
      await tablet.getByRole('complementary', { name: 'Inspector: Step 9.12' }).waitFor();
      await tablet.locator('.react-flow__node-flow.selected[data-id="n9_12"]').waitFor();
    } finally {
      await phone.close();
    }
  });

  it('moves a node dragged in the overview, its edges following', async () => {
    const before = await stored('n5_10');
    const edgesBefore = await page.locator('.overview-edges').getAttribute('d');
    const point = await screenPoint(5, 10);
    await page.mouse.move(point.x, point.y, { steps: 3 });
    await canvas.node('Step 5.10').waitFor();
    await page.mouse.down();
    await page.mouse.move(point.x + 60, point.y + 40, { steps: 8 });
    await page.mouse.up();
    // The pointer moves off to an empty corner: the node goes back into the overview, moved.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(pane.x + 5, pane.y + pane.height - 5, { steps: 3 });
    await expect.poll(liveNodes).toBeLessThanOrEqual(1); // it stays alive while selected
    // It follows the pointer's 60 × 40 px (less the first step, which React Flow takes to start a drag).
    await expect
      .poll(async () => {
        const after = await stored('n5_10');
        const moved = {
          x: (after.x - before.x) * point.zoom,
          y: (after.y - before.y) * point.zoom,
        };
        return moved.x > 50 && moved.x <= 60 && moved.y > 33 && moved.y <= 40;
      })
      .toBe(true);
    expect(await page.locator('.overview-edges').getAttribute('d')).not.toBe(edgesBefore);
    await page.keyboard.press('Control+z');
    await expect.poll(() => stored('n5_10')).toEqual(before);
  });

  it('selects with a selection box the nodes the overview drew', async () => {
    const from = await screenPoint(0, 0);
    const to = await screenPoint(1, 2);
    // Shift-drag from above the first node's top left to below the last one's bottom right.
    const margin = 10;
    await page.keyboard.down('Shift');
    await page.mouse.move(from.x - 110 * from.zoom - margin, from.y - 28 * from.zoom - margin);
    await page.mouse.down();
    await page.mouse.move(to.x + 110 * to.zoom + margin, to.y + 28 * to.zoom + margin, {
      steps: 10,
    });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.getByText('6 items selected.').waitFor();
    await expect.poll(() => page.locator('.react-flow__node-flow.selected').count()).toBe(6);
    await snap(page, 'overview-02-selected');
  });

  it('finds a node by name from the keyboard, goes to it and focuses it', async () => {
    await page.keyboard.press('/');
    const finder = page.getByRole('dialog', { name: 'Find a node' });
    await finder.getByRole('combobox').fill('step 7.2');
    const options = finder.getByRole('option');
    await expect
      .poll(() => options.allTextContents())
      .toEqual(
        ['Step 7.2', 'Step 7.20', 'Step 7.21', 'Step 7.22', 'Step 7.23', 'Step 7.24'].map(
          (name) => `${name} Set`,
        ),
      );
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-id')))
      .toBe('n7_20');
    await page.getByRole('complementary', { name: 'Inspector: Step 7.20' }).waitFor();
    await expect.poll(() => page.locator('.canvas-overview').count()).toBe(0);
    await snap(page, 'overview-03-found');
  });

  it('zoomed in, shows React Flow nodes and edges again, only those in view', async () => {
    const zoomIn = page.getByRole('button', { name: 'Zoom In' });
    while ((await page.locator('.react-flow.is-zoomed-out').count()) > 0) await zoomIn.click();
    await canvas.settle();
    await expect.poll(() => page.locator('.canvas-overview').count()).toBe(0);
    await expect.poll(liveNodes).toBeGreaterThan(0);
    expect(await liveNodes()).toBeLessThan(COUNT);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBeGreaterThan(0);
    await snap(page, 'overview-04-zoomed-in');
  });
});
