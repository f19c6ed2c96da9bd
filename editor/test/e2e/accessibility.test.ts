import { randomBytes } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signUp } from './accounts';
import { launchChromium, newContext } from './browser';

// Every page, checked by axe-core against WCAG 2.1 A and AA (labels, names, contrast, landmarks,
// keyboard reachability of what it can see) in the built editor, signed in as an owner.

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await newContext(browser, inject('editorUrl'))).newPage();
});
afterAll(async () => {
  await browser?.close();
});

/** The serious and critical violations on the page as it stands, one line each. */
async function violations(target: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: target })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${v.help}`));
}

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  it('the sign-in and sign-up pages', async () => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.goto('/signup');
    await page.getByRole('button', { name: 'Create workspace' }).waitFor();
    expect(await violations(page)).toEqual([]);
  });

  it('every page of a signed-in owner', async () => {
    await signUp(page, `a11y-${randomBytes(4).toString('hex')}`);
    expect(await violations(page)).toEqual([]);

    await page.getByLabel('New flow name').fill('Checked flow');
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByRole('heading', { name: 'Checked flow' }).waitFor();
    await page.locator('[data-node-type="core.manual_trigger"]').click();
    await page.locator('.react-flow__node').first().waitFor();
    expect(await violations(page)).toEqual([]);

    for (const [link, heading] of [
      ['Runs', 'Runs'],
      ['Inbox', 'Inbox'],
      ['Connections', 'Connections'],
      ['Connectors', 'Connectors'],
      ['Members', 'Members'],
      ['Audit log', 'Audit log'],
      ['Settings', 'Settings'],
    ] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      expect({ page: link, violations: await violations(page) }).toEqual({
        page: link,
        violations: [],
      });
    }
  });
});
