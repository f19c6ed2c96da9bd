import type { Page } from 'playwright-core';

/** What a builder does on the canvas, in Playwright terms: find, drop, wire, type expressions. */
export function canvasDriver(page: Page) {
  const node = (name: string) =>
    page.locator('.react-flow__node', { has: page.locator(`[data-node-name="${name}"]`) });
  const handle = (name: string, kind: 'source' | 'target', port = 'main') =>
    node(name).locator(`.react-flow__handle.${kind}[data-handleid="${port}"]`);
  const pane = page.locator('.react-flow__pane');

  /** Drags a palette item onto the canvas, at a point in pixels from the canvas's top left. */
  const drop = async (type: string, x: number, y: number) => {
    await page.dragAndDrop(`[data-node-type="${type}"]`, '.react-flow__pane', {
      targetPosition: { x, y },
    });
  };

  /** Fitting the view and auto-layout animate the viewport: resolves once it holds still. */
  const settle = () =>
    page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          let last: string | undefined;
          let still = 0;
          const tick = () => {
            const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
            const transform = viewport?.style.transform;
            still = transform === last ? still + 1 : 0;
            last = transform;
            if (still >= 10) resolve();
            else requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }),
    );

  return {
    node,
    handle,
    drop,
    settle,
    /** Drags a palette item onto the canvas, at fractions of the canvas's width and height. */
    async dropAt(type: string, at: { x: number; y: number }) {
      const box = await pane.boundingBox();
      if (!box) throw new Error('the canvas is not visible');
      await drop(type, box.width * at.x, box.height * at.y);
    },
    async fitView() {
      await page.getByRole('button', { name: 'Fit view', exact: true }).click();
      await settle();
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
    /** The run state painted on a node ("succeeded", "waiting", …), or null when it has none. */
    status(name: string) {
      return node(name).locator('[data-status]').getAttribute('data-status', { timeout: 1_000 });
    },
  };
}
