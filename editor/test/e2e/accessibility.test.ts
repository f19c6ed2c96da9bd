import { randomBytes } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signUp } from './accounts';
import { apiCall, edge, graph, node } from './api';
import { launchChromium, newContext } from './browser';

// Every page, checked by axe-core against WCAG 2.1 A and AA (labels, names, contrast, landmarks,
// keyboard reachability of what it can see) in the built editor, signed in as an owner; and the
// pages a builder lives in (flows, canvas, runs, inbox) against every rule axe has, best
// practices included (one main landmark, content inside landmarks, heading order).

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

/**
 * Every violation axe-core finds with all its rules (best practices too: landmarks, heading
 * order, regions), whatever its impact, one line each.
 */
async function allViolations(target: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: target }).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`),
  );
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

describe('accessibility (axe-core, every rule, any impact)', () => {
  // Four pages in several states, each waiting on real runs: longer than one page's test.
  it(
    'the flows list, the canvas, the runs and the inbox, with their dialogs',
    { timeout: 180_000 },
    async () => {
      const owner = await (await newContext(browser, inject('editorUrl'))).newPage();
      const slug = `axe-${randomBytes(4).toString('hex')}`;
      await signUp(owner, slug);
      const [me] = await apiCall<{ userId: string }[]>(owner, 'members.list', {}, 'query');
      // A run that waits on an approval task for the owner, and one that completed.
      const asking = await apiCall<{ id: string }>(owner, 'flows.create', {
        name: 'Refunds',
        graph: graph(
          [
            node('trigger', 'core.manual_trigger', 'Manual trigger', 0),
            node('ask', 'core.approval', 'Ask', 300, {
              title: 'Refund order 1042',
              assignees: { users: [me?.userId], roles: [] },
              notify: { email: false, slack: false },
            }),
          ],
          [edge('trigger', 'ask')],
        ),
      });
      const greeter = await apiCall<{ id: string }>(owner, 'flows.create', {
        name: 'Greeter',
        graph: graph(
          [
            node('trigger', 'core.manual_trigger', 'Manual trigger', 0),
            node('set', 'core.set', 'Set', 300, { values: { greeting: 'hello' } }),
          ],
          [edge('trigger', 'set')],
        ),
      });
      await apiCall(owner, 'flows.publish', { flowId: greeter.id, revision: 1 });
      for (const flow of [asking, greeter])
        await apiCall(owner, 'runs.testRun', { flowId: flow.id, payload: {} });

      // Every page is checked before the verdict, so one run lists what each page lacks.
      const found: Record<string, string[]> = {};
      await owner.goto('/flows');
      await owner.getByRole('link', { name: 'Greeter' }).waitFor();
      found.flows = await allViolations(owner);

      await owner.getByRole('link', { name: 'Greeter' }).click();
      await owner.locator('.react-flow__node').nth(1).waitFor();
      await owner.locator('.react-flow__node').nth(1).click();
      await owner.getByRole('complementary', { name: 'Inspector: Set' }).waitFor();
      found.canvas = await allViolations(owner);
      await owner.getByRole('button', { name: 'Versions' }).click();
      await owner
        .getByRole('dialog', { name: 'Version history' })
        .getByRole('cell', { name: 'v1', exact: true })
        .waitFor();
      found.versions = await allViolations(owner);
      await owner.keyboard.press('Escape');
      // A test run paints the nodes' states and opens the run panel beside the canvas.
      await owner.getByRole('button', { name: 'Test run' }).click();
      await owner.getByRole('button', { name: 'Start test run' }).click();
      await owner.locator('[data-run-status="completed"]').waitFor({ timeout: 30_000 });
      found.canvasRun = await allViolations(owner);

      // The runs list shows finished runs and a waiting one.
      await expect
        .poll(
          async () =>
            (
              await apiCall<{ runs: { status: string }[] }>(
                owner,
                'runs.list',
                { pageSize: 50 },
                'query',
              )
            ).runs
              .map((r) => r.status)
              .sort(),
          { timeout: 30_000 },
        )
        .toEqual(['completed', 'completed', 'running']);
      await owner
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Runs' })
        .click();
      await owner.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
      await owner.locator('.tag.run-completed').first().waitFor();
      found.runs = await allViolations(owner);

      await owner
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Inbox' })
        .click();
      await owner.getByRole('region', { name: 'Refund order 1042' }).waitFor({ timeout: 30_000 });
      await owner.getByRole('button', { name: 'Claim' }).click();
      await owner.getByText('You are working on this; other assignees see that.').waitFor();
      found.inbox = await allViolations(owner);
      await owner.getByRole('button', { name: 'Delegate…' }).click();
      await owner.getByText('No other member may decide this task.').waitFor();
      found.delegate = await allViolations(owner);
      await owner.keyboard.press('Escape');
      await owner.getByRole('tab', { name: 'Team' }).click();
      await owner.getByRole('table', { name: 'Open team tasks' }).waitFor();
      found.team = await allViolations(owner);
      expect(found).toEqual({
        flows: [],
        canvas: [],
        versions: [],
        canvasRun: [],
        runs: [],
        inbox: [],
        delegate: [],
        team: [],
      });
    },
  );
});
