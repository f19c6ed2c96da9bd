// Regression: the editor's pages were sent with no Content-Security-Policy, frame-ancestors /
// X-Frame-Options, nosniff or Referrer-Policy. They are now, and the built editor must still
// work entirely under that policy: Vite's module scripts, React Flow's inline styles, CodeMirror's
// injected styles, the service worker, auto-layout's worker and the live events at /events.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signUp } from '../e2e/accounts';
import { launchChromium, newContext } from '../e2e/browser';
import { canvasDriver } from '../e2e/canvas-driver';

let browser: Browser;
let page: Page;
/** Everything the browser refused because of the policy, as the page reported it. */
const violations: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  const context = await newContext(browser, inject('editorUrl'));
  await context.exposeBinding('reportViolation', (_source, text: string) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportViolation(text: string): void }).reportViolation;
      report(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ` +
          `${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('the editor under its Content-Security-Policy', () => {
  it('is served with the security headers', async () => {
    const response = await page.goto('/login');
    const headers = response!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
  });

  it('signs up, draws and runs a flow, lays it out and installs its service worker, with nothing refused', async () => {
    await signUp(page, `csp-${randomBytes(4).toString('hex')}`);
    await page.waitForFunction(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state === 'activated';
    });
    const canvas = canvasDriver(page);
    await page.getByLabel('New flow name').fill('Policy');
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByRole('heading', { name: 'Policy' }).waitFor();
    await canvas.dropAt('core.manual_trigger', { x: 0.5, y: 0.5 });
    await canvas.node('Manual trigger').waitFor();
    await canvas.settle();
    await canvas.dropAt('core.set', { x: 0.5, y: 0.2 });
    await canvas.node('Set').waitFor();
    await canvas.fitView();
    await canvas.wire('Manual trigger', 'main', 'Set');
    await canvas.node('Set').click();
    const set = page.getByRole('complementary', { name: 'Inspector: Set' });
    await set.getByPlaceholder('name').fill('greeting');
    await set.getByRole('button', { name: 'Add', exact: true }).click();
    await canvas.typeExpression('greeting', '{{ "Hello " & $trigger.name }}');
    await page.getByText('All changes saved').waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await canvas.settle();
    await page.getByRole('button', { name: 'Test run' }).click();
    await page.getByLabel('Trigger payload (JSON)').fill('{ "name": "Ada" }');
    await page.getByRole('button', { name: 'Start test run' }).click();
    // The node states arrive through the live events at /events.
    await expect.poll(() => canvas.status('Set'), { timeout: 30_000 }).toBe('succeeded');

    expect(violations).toEqual([]);
  });
});
