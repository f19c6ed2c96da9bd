import type { Page } from 'playwright-core';

/** What a builder does on the canvas, in Playwright terms: find, drop, wire, type expressions. */
export function canvasDriver(page: Page) {
  const node = (name: string) =>
    page.locator('.react-flow__node', { has: page.locator(`[data-node-name="${name}"]`) });
  const handle = (name: string, kind: 'source' | 'target', port = 'main') =>
    node(name).locator(`.react-flow__handle.${kind}[data-handleid="${port}"]`);

  return {
    node,
    handle,
    async drop(type: string, x: number, y: number) {
      await page.dragAndDrop(`[data-node-type="${type}"]`, '.react-flow__pane', {
        targetPosition: { x, y },
      });
    },
    async wire(from: string, port: string, to: string) {
      const a = await handle(from, 'source', port).boundingBox();
      const b = await handle(to, 'target').boundingBox();
      if (!a || !b) throw new Error(`handles of ${from} → ${to} not visible`);
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
      await page.mouse.up();
    },
    async typeExpression(label: string, text: string) {
      const editor = page.locator(`[data-testid="expression-${label}"] .cm-content`);
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(text, { delay: 5 });
    },
  };
}
