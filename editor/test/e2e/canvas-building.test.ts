import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { campaignFlow } from '@bizosaas/scripts/demo-flows';
import { launchChromium, newContext, snap } from './browser';
import { edge, graph, node } from './api';
import { canvasDriver } from './canvas-driver';

// What stopped a first flow (issue 17), walked as a builder walks it in the scratch canvas: a
// loop built by drag and drop, a Switch's ports, wiring with the keyboard only, the "+" on an
// output, and flows (a large fan, the demo Campaign flow) opened and auto-laid out at a zoom
// where nodes can still be read, their trigger in view.

/** Below this zoom the canvas turns nodes into blank boxes (`OVERVIEW_ZOOM` in ui/zoom-level.ts). */
const OVERVIEW_ZOOM = 0.45;

interface StoredNode {
  id: string;
  name: string;
  type: string;
  parentId?: string;
  position: { x: number; y: number };
  params: Record<string, unknown>;
}
interface StoredGraph {
  nodes: StoredNode[];
  edges: { source: string; sourceOutput: string; target: string; targetInput: string }[];
}

let browser: Browser;
let page: Page;
let canvas: ReturnType<typeof canvasDriver>;

/** The scratch flow as the browser stored it (autosave runs half a second after an edit). */
const stored = () =>
  page.evaluate(
    () =>
      JSON.parse(
        localStorage.getItem('bizosaas.scratch') ?? '{"nodes":[],"edges":[]}',
      ) as StoredGraph,
  );
const byName = (graph: StoredGraph, name: string) => graph.nodes.find((n) => n.name === name);
const zoom = () =>
  page.evaluate(() => {
    const transform = document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform;
    return Number(/scale\(([\d.]+)\)/.exec(transform ?? '')?.[1]);
  });
/** Whether the named node is drawn wholly inside the canvas pane. */
const inPane = async (name: string) => {
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const box = (await canvas.node(name).boundingBox({ timeout: 5_000 }))!;
  return (
    box.x >= pane.x &&
    box.y >= pane.y &&
    box.x + box.width <= pane.x + pane.width &&
    box.y + box.height <= pane.y + pane.height
  );
};
/** How many nodes are on screen: drawn by the zoomed-out overview, or rendered by React Flow. */
const onScreen = () =>
  page.evaluate(() => {
    const drawn = document.querySelector('.canvas-overview')?.getAttribute('data-drawn-nodes');
    const rendered = [...document.querySelectorAll<HTMLElement>('.react-flow__node-flow')].filter(
      (n) => n.style.visibility !== 'hidden',
    );
    return Number(drawn ?? 0) + rendered.length;
  });
const announced = () => page.locator('p[role="status"][aria-live="polite"]').textContent();

/** Opens the scratch canvas on a given flow, or on a fresh one (a manual trigger). */
async function openScratch(graph?: unknown) {
  await page.goto('/scratch');
  await page.evaluate(
    (g) =>
      g === undefined
        ? localStorage.clear()
        : localStorage.setItem('bizosaas.scratch', JSON.stringify(g)),
    graph,
  );
  await page.reload();
  await page.locator('.react-flow__node').first().waitFor();
  await canvas.settle();
}

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await newContext(browser, inject('editorUrl'))).newPage();
  canvas = canvasDriver(page);
});

afterAll(async () => {
  await browser?.close();
});

describe('building a flow on the canvas', () => {
  it('builds a For-each holding a Set by drag and drop, and drags the Set out and back', async () => {
    await openScratch();
    // Room for the loop below the trigger, clear of it.
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Zoom Out' }).click();
    await canvas.settle();
    await canvas.drop('core.for_each', 620, 560);
    const loop = canvas.node('For each');
    await loop.waitFor();
    const box = (await loop.boundingBox())!;
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    // Onto the loop's body: below its header, inside its box.
    await canvas.drop(
      'core.set',
      box.x - pane.x + box.width / 2,
      box.y - pane.y + box.height * 0.75,
    );
    await canvas.node('Set').waitFor();
    await expect
      .poll(async () => byName(await stored(), 'Set')?.parentId)
      .toBe(byName(await stored(), 'For each')?.id);
    // The loop grew around its body: the Set is drawn inside it, not on top of its header.
    const loopBox = (await loop.boundingBox())!;
    const setBox = (await canvas.node('Set').boundingBox())!;
    expect(setBox.y).toBeGreaterThan(loopBox.y + 40);
    expect(setBox.x + setBox.width).toBeLessThanOrEqual(loopBox.x + loopBox.width + 1);
    expect(setBox.y + setBox.height).toBeLessThanOrEqual(loopBox.y + loopBox.height + 1);

    await canvas.wire('Manual trigger', 'main', 'For each');
    await canvas.wire('For each', 'body', 'Set');
    await expect.poll(async () => (await stored()).edges.length).toBe(2);
    // Wired from the body port, the Set is inside the loop's body: nothing to complain about.
    await expect.poll(() => canvas.node('Set').locator('.badge').count()).toBe(0);

    // Items as an expression, as any param can be.
    await loop.click({ position: { x: 60, y: 20 } });
    const inspector = page.getByRole('complementary', { name: 'Inspector: For each' });
    await inspector
      .getByRole('group', { name: 'Items' })
      .getByRole('button', { name: 'Use an expression' })
      .click();
    await canvas.typeExpression('Items', '{{ $trigger.body.lines }}');
    await expect
      .poll(async () => byName(await stored(), 'For each')?.params.items)
      .toBe('{{ $trigger.body.lines }}');
    await expect.poll(() => page.locator('.flow-node.has-errors').count()).toBe(0);
    await snap(page, 'canvas-building-01-loop');

    // Dragged out of the loop, the Set leaves it, and its body edge (which would cross) goes.
    const drag = async (to: { x: number; y: number }) => {
      const from = (await canvas.node('Set').boundingBox())!;
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 15 });
      await page.mouse.up();
    };
    const frame = (await loop.boundingBox())!;
    await drag({ x: frame.x + frame.width / 2, y: frame.y - 120 });
    await expect.poll(async () => byName(await stored(), 'Set')?.parentId).toBeUndefined();
    await expect.poll(async () => (await stored()).edges.length).toBe(1);
    await expect(announced()).resolves.toContain('out of the loop');

    // And dragged back in, it joins it again.
    const back = (await loop.boundingBox())!;
    await drag({ x: back.x + back.width / 2, y: back.y + back.height * 0.7 });
    await expect
      .poll(async () => byName(await stored(), 'Set')?.parentId)
      .toBe(byName(await stored(), 'For each')?.id);
  });

  it('shows a Switch with 3 cases as 3 ports labelled with their values, plus fallback, and keeps each case wired to its own step when one is removed', async () => {
    await openScratch();
    await canvas.drop('core.switch', 520, 260);
    await canvas.node('Switch').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector: Switch' });
    const cases = inspector.getByRole('group', { name: 'Cases' });
    const typed = ['"bulk"', 'retail', '3'];
    for (const [i, text] of typed.entries()) {
      await cases.getByRole('button', { name: 'Add item' }).click();
      await canvas.typeExpression(`Cases ${i + 1}`, text);
    }
    await expect
      .poll(async () => byName(await stored(), 'Switch')?.params.cases)
      .toEqual(['bulk', 'retail', 3]);
    const outputs = canvas.node('Switch').locator('.react-flow__handle.source');
    await expect.poll(() => outputs.count()).toBe(4);
    await expect(canvas.node('Switch').locator('.handle-label').allTextContents()).resolves.toEqual(
      ['bulk', 'retail', '3', 'fallback'],
    );
    await snap(page, 'canvas-building-02-switch');

    // A step after each of the first two cases, then the first case removed: retail still leads
    // to its own step, and bulk's step is left unconnected.
    for (const value of ['bulk', 'retail']) {
      await page.getByRole('button', { name: `Add a node after Switch ${value}` }).click();
      await page.getByRole('combobox', { name: 'Node type' }).fill('Set');
      await page.keyboard.press('Enter');
    }
    await canvas.node('Set 2').waitFor();
    await canvas.node('Switch').click();
    await cases.getByRole('button', { name: 'Remove Cases 1' }).click();
    await expect(canvas.node('Switch').locator('.handle-label').allTextContents()).resolves.toEqual(
      ['retail', '3', 'fallback'],
    );
    await expect
      .poll(async () => {
        const graph = await stored();
        return graph.edges.map((e) => [
          e.sourceOutput,
          graph.nodes.find((n) => n.id === e.target)?.name,
        ]);
      })
      .toEqual([['case_1', 'Set 2']]);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(1);
  });

  it('connects two nodes with the keyboard only, and adds a node after the selected one', async () => {
    await openScratch();
    // The palette adds with Enter; nothing selected, the Set lands in view, unconnected.
    await page.locator('[data-node-type="core.set"]').focus();
    await page.keyboard.press('Enter');
    await canvas.node('Set').waitFor();

    // Tab from the trigger reaches its output port; Enter picks it.
    await canvas.node('Manual trigger').focus();
    await page.keyboard.press('Tab');
    await expect(
      page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
    ).resolves.toBe('Manual trigger output main');
    await page.keyboard.press('Enter');
    await expect(announced()).resolves.toContain('Connecting from Manual trigger output main');
    // Tab from the Set reaches its input port; Enter connects.
    await canvas.node('Set').focus();
    await page.keyboard.press('Tab');
    await expect(
      page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
    ).resolves.toBe('Set input main');
    await page.keyboard.press('Enter');
    await expect(announced()).resolves.toBe('Connected Manual trigger main to Set');
    await expect.poll(async () => (await stored()).edges.length).toBe(1);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(1);

    // With the Set selected, Delay from the palette follows it, connected, and comes into view.
    await canvas.node('Set').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-node-type="core.delay"]').focus();
    await page.keyboard.press('Enter');
    await canvas.node('Delay').waitFor();
    await expect
      .poll(async () => {
        const graph = await stored();
        return graph.edges.some(
          (e) => e.source === byName(graph, 'Set')?.id && e.target === byName(graph, 'Delay')?.id,
        );
      })
      .toBe(true);
    await canvas.settle();
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const delay = (await canvas.node('Delay').boundingBox())!;
    expect(delay.x).toBeGreaterThanOrEqual(pane.x);
    expect(delay.x + delay.width).toBeLessThanOrEqual(pane.x + pane.width);
    await snap(page, 'canvas-building-03-keyboard');
  });

  it('adds the next node, already connected, from the "+" on an output', async () => {
    await openScratch();
    // The trigger at the pane's right edge: the node after it would land out of view.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const trigger = (await canvas.node('Manual trigger').boundingBox())!;
    const dx = pane.x + pane.width - 40 - (trigger.x + trigger.width);
    await page.mouse.move(pane.x + 20, pane.y + 20);
    await page.mouse.down();
    await page.mouse.move(pane.x + 20 + dx, pane.y + 20, { steps: 10 });
    await page.mouse.up();
    await page.getByRole('button', { name: 'Add a node after Manual trigger main' }).click();
    const picker = page.getByRole('dialog', { name: 'Add a node after Manual trigger' });
    await picker.getByRole('combobox', { name: 'Node type' }).fill('http');
    await page.keyboard.press('Enter');
    await canvas.node('HTTP request').waitFor();
    await expect
      .poll(async () => {
        const graph = await stored();
        return graph.edges.map((e) => [
          byName(graph, 'Manual trigger')?.id === e.source,
          e.target === byName(graph, 'HTTP request')?.id,
        ]);
      })
      .toEqual([[true, true]]);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(1);
    // It comes into view, focused, so the keyboard goes on from it.
    await canvas.settle();
    await expect(inPane('HTTP request')).resolves.toBe(true);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('HTTP request');
  });

  it('opens a flow wider and taller than the screen at a readable zoom, its trigger in view', async () => {
    // The trigger halfway down a fan of twelve branches, each two steps long.
    const nodes: unknown[] = [
      { ...node('start', 'core.manual_trigger', 'Start', 0), position: { x: 0, y: 1650 } },
    ];
    const edges: unknown[] = [];
    for (let i = 0; i < 12; i++) {
      for (const [step, x] of [
        [1, 400],
        [2, 1600],
      ] as const) {
        nodes.push({
          ...node(`s${i}_${step}`, 'core.set', `Set ${i} ${step}`, x),
          position: { x, y: i * 300 },
        });
        edges.push(edge(step === 1 ? 'start' : `s${i}_1`, `s${i}_${step}`));
      }
    }
    await openScratch(graph(nodes, edges));
    expect(await zoom()).toBeGreaterThanOrEqual(OVERVIEW_ZOOM);
    await expect(inPane('Start')).resolves.toBe(true);
    await expect(canvas.node('Start').locator('.flow-node-name').textContent()).resolves.toBe(
      'Start',
    );
    // "Fit view" then shows the whole flow, though most of it was never drawn to be measured.
    const opened = await zoom();
    await canvas.fitView();
    expect(await zoom()).toBeLessThan(opened);
    await expect.poll(onScreen).toBe(nodes.length);
  });

  it('opens the demo Campaign flow laid out and readable, and auto-layout keeps it readable', async () => {
    await openScratch(campaignFlow('http://127.0.0.1:3002').graph);
    const readable = async () => {
      expect(await zoom()).toBeGreaterThanOrEqual(OVERVIEW_ZOOM);
      expect(await page.locator('.react-flow.is-zoomed-out').count()).toBe(0);
      await expect(inPane('Start campaign')).resolves.toBe(true);
      await expect(
        canvas.node('Start campaign').locator('.flow-node-name').textContent(),
      ).resolves.toBe('Start campaign');
    };
    // Every edge runs left to right: none crosses back over the canvas.
    const forward = (graph: StoredGraph) =>
      graph.edges.every((e) => {
        const source = graph.nodes.find((n) => n.id === e.source)!;
        const target = graph.nodes.find((n) => n.id === e.target)!;
        return source.position.x + 220 < target.position.x;
      });
    await readable();
    expect(forward(await stored())).toBe(true);
    await snap(page, 'canvas-building-04-campaign-opened');

    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Auto-layout' }).isEnabled())
      .toBe(true);
    await canvas.settle();
    await readable();
    expect(forward(await stored())).toBe(true);
    await snap(page, 'canvas-building-05-campaign-laid-out');
  });
});
