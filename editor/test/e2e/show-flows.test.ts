import { execFile } from 'node:child_process';
import { AxeBuilder } from '@axe-core/playwright';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  inject,
  it,
  onTestFailed,
} from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { invite, signUp } from './accounts';
import { launchChromium, newContext, snap } from './browser';
import { canvasDriver } from './canvas-driver';

// The "Show" (17): a business user builds Webhook → Switch (3 cases) → For-each over
// `lines` holding a Set → Approval 2 of 3 → Delay 2 s → Respond to webhook on the canvas with the
// mouse (typing only into fields), publishes it, calls it with curl from the URL the trigger's
// inspector shows, two of three approvers approve in their inbox, and curl gets the designed
// answer. "Run now" then starts the published version from the editor.

const run = promisify(execFile);
const id = randomBytes(4).toString('hex');
let browser: Browser;
let page: Page;
let canvas: ReturnType<typeof canvasDriver>;
const approvers: Page[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await newContext(browser, inject('editorUrl'))).newPage();
  canvas = canvasDriver(page);
});

beforeEach((context) => {
  onTestFailed(async () => {
    await snap(page, `show-failed-${context.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
});

/** A param field of the open inspector, by its label (a required one's label ends in " *"). */
const field = (node: string, label: string) =>
  page
    .getByRole('complementary', { name: `Inspector: ${node}` })
    .getByLabel(new RegExp(`^${label}( \\*)?$`));

/**
 * Replaces what an expression field holds with JSON text in one input, as a paste does: typed key
 * by key, the editor's bracket closing would add a brace of its own.
 */
async function pasteInto(label: string, text: string) {
  await page.locator(`[data-testid="expression-${label}"] .cm-content`).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** Calls the webhook as an outside system would: curl, with status code and body back. */
async function curl(url: string, secret: string, body: unknown) {
  const { stdout } = await run(
    'curl',
    [
      '-sS',
      '-X',
      'POST',
      url,
      '-H',
      'content-type: application/json',
      '-H',
      `x-webhook-secret: ${secret}`,
      '--data',
      JSON.stringify(body),
      '-D',
      '-',
      '-w',
      '\n%{http_code}',
    ],
    { timeout: 90_000 },
  );
  const lines = stdout.trimEnd().split('\n');
  const status = Number(lines.pop());
  const blank = lines.findIndex((l) => l.trim() === '');
  const headers = Object.fromEntries(
    lines
      .slice(1, blank)
      .map((l) => l.trim().split(/:\s*/, 2) as [string, string])
      .map(([k, v]) => [k.toLowerCase(), v]),
  );
  return { status, headers, body: lines.slice(blank + 1).join('\n') };
}

describe('the Show flow, built with the mouse', () => {
  let url: string;
  let secret: string;

  it('signs up and invites three approvers', async () => {
    await signUp(page, `show-${id}`);
    for (const name of ['Ann', 'Bob', 'Cy'])
      approvers.push(
        await invite(page, browser, {
          role: 'approver',
          email: `${name.toLowerCase()}-${id}@example.test`,
          name: `${name} Approver`,
        }),
      );
  });

  it('drops Webhook, Switch, For each with a Set inside, Approval, Delay and Respond', async () => {
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.getByLabel('New flow name').fill('Orders');
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    // The first node fixes the view; zoomed out, the rest has room around it.
    await canvas.dropAt('core.webhook_trigger', { x: 0.5, y: 0.5 });
    await canvas.node('Webhook').waitFor();
    await canvas.settle();
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Zoom Out' }).click();
    await canvas.settle();
    const drops = [
      ['core.switch', 'Switch', { x: 0.72, y: 0.5 }],
      ['core.for_each', 'For each', { x: 0.5, y: 0.2 }],
      ['core.approval', 'Approval', { x: 0.25, y: 0.8 }],
      ['core.delay', 'Delay', { x: 0.5, y: 0.8 }],
      ['core.respond_webhook', 'Respond to webhook', { x: 0.75, y: 0.8 }],
    ] as const;
    for (const [type, name, at] of drops) {
      await canvas.dropAt(type, at);
      await canvas.node(name).waitFor();
      await canvas.settle();
    }
    // The Set goes onto the loop's body, below its header.
    const loop = (await canvas.node('For each').boundingBox())!;
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await canvas.drop(
      'core.set',
      loop.x - pane.x + loop.width / 2,
      loop.y - pane.y + loop.height * 0.75,
    );
    await canvas.node('Set').waitFor();
    await snap(page, 'show-01-dropped');
  });

  it('wires them and fills in each node', async () => {
    await canvas.wire('Webhook', 'main', 'Switch');
    await canvas.wire('Switch', 'case_1', 'For each');
    await canvas.wire('For each', 'body', 'Set');
    await canvas.wire('For each', 'done', 'Approval');
    await canvas.wire('Approval', 'approved', 'Delay');
    await canvas.wire('Delay', 'main', 'Respond to webhook');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(6);

    await canvas.node('Webhook').click();
    await canvas.typeExpression('Path', `orders-${id}`);
    await field('Webhook', 'Response Mode').selectOption('sync');
    await field('Webhook', 'Timeout Ms').fill('90000');

    await canvas.node('Switch').click({ position: { x: 40, y: 20 } });
    await canvas.typeExpression('Value', '{{ $trigger.body.kind }}');
    const cases = page
      .getByRole('complementary', { name: 'Inspector: Switch' })
      .getByRole('group', { name: 'Cases' });
    for (const [i, text] of ['bulk', 'retail', 'sample'].entries()) {
      await cases.getByRole('button', { name: 'Add item' }).click();
      await canvas.typeExpression(`Cases ${i + 1}`, text);
    }
    await expect(canvas.node('Switch').locator('.handle-label').allTextContents()).resolves.toEqual(
      ['bulk', 'retail', 'sample', 'fallback'],
    );

    await canvas.node('For each').click({ position: { x: 60, y: 20 } });
    await page
      .getByRole('complementary', { name: 'Inspector: For each' })
      .getByRole('group', { name: 'Items' })
      .getByRole('button', { name: 'Use an expression' })
      .click();
    await canvas.typeExpression('Items', '{{ $trigger.body.lines }}');

    await canvas.node('Set').click();
    const set = page.getByRole('complementary', { name: 'Inspector: Set' });
    await set.getByPlaceholder('name').fill('amount');
    await set.getByRole('button', { name: 'Add', exact: true }).click();
    await canvas.typeExpression('amount', '{{ $item.qty * $item.price }}');

    await canvas.node('Approval').click();
    await canvas.typeExpression('Title', 'Bulk order {{ $trigger.body.order }}');
    await field('Approval', 'Required').selectOption('count');
    await field('Approval', 'Count').fill('2');

    await canvas.node('Delay').click();
    await field('Delay', 'Amount').fill('2');

    await canvas.node('Respond to webhook').click();
    await field('Respond to webhook', 'Status').fill('201');
    await pasteInto(
      'Body',
      '{{ {"order": $trigger.body.order, "total": $sum($node.`For each`.output.amount), "approvals": $count($node.Approval.output.decisions)} }}',
    );
    await expect.poll(() => page.locator('#problems-title').textContent()).toMatch(/0 errors/);
    await page.getByText('All changes saved').waitFor({ timeout: 10_000 });
    await snap(page, 'show-02-built');
  });

  it('publishes; the trigger shows its URL, its secret on request and a curl line', async () => {
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect
      .poll(() => page.locator('.toolbar-message').textContent(), { timeout: 15_000 })
      .toBe('Published version 1.');
    await canvas.node('Webhook').click();
    const panel = page.getByRole('region', { name: 'Webhook URL' });
    url = (await panel.getByLabel('Production URL', { exact: true }).inputValue())!;
    expect(url).toBe(`${inject('editorUrl')}/hooks/show-${id}/orders-${id}`);
    await expect(panel.getByLabel('Test URL', { exact: true }).inputValue()).resolves.toBe(
      `${inject('editorUrl')}/hooks/show-${id}/test/orders-${id}`,
    );
    await panel.getByRole('button', { name: 'Copy production url' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    // Hidden until asked for.
    await expect(panel.getByLabel('Secret', { exact: true }).inputValue()).resolves.not.toMatch(
      /whsec_/,
    );
    await panel.getByRole('button', { name: 'Reveal secret' }).click();
    await expect
      .poll(() => panel.getByLabel('Secret', { exact: true }).inputValue())
      .toMatch(/^whsec_/);
    secret = (await panel.getByLabel('Secret', { exact: true }).inputValue())!;
    const line = (await panel.getByLabel('Try it with curl', { exact: true }).inputValue())!;
    expect(line).toContain(url);
    expect(line).toContain(`x-webhook-secret: ${secret}`);
    // Every field of the panel has its label: axe finds nothing in the inspector, at any impact.
    const axe = await new AxeBuilder({ page }).include('.inspector').analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await snap(page, 'show-03-webhook-panel');
  });

  it('answers curl as designed once two of the three approvers approve, 2 s after', async () => {
    const lines = [
      { sku: 'A', qty: 2, price: 5 },
      { sku: 'B', qty: 1, price: 10 },
    ];
    const answer = curl(url, secret, { kind: 'bulk', order: 'PO-7', lines });
    let approvedAt = 0;
    const said = [
      'You approved “Bulk order PO-7”; it waits for more approvals.',
      'You approved “Bulk order PO-7”.',
    ];
    for (const [i, approver] of approvers.slice(0, 2).entries()) {
      await approver.getByRole('link', { name: 'Inbox' }).click();
      await approver
        .getByRole('list', { name: 'Pending tasks' })
        .getByRole('button', { name: /Bulk order PO-7/ })
        .click({ timeout: 30_000 });
      const task = approver.getByRole('region', { name: 'Bulk order PO-7' });
      await task.getByRole('button', { name: 'Approve' }).click();
      await approver.getByRole('status').filter({ hasText: said[i] }).waitFor();
      approvedAt = Date.now();
    }
    const response = await answer;
    expect(Date.now() - approvedAt).toBeGreaterThanOrEqual(1_500);
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.body)).toEqual({ order: 'PO-7', total: 20, approvals: 2 });
    // The third approver's task closed with the quorum.
    await approvers[2]!.getByRole('link', { name: 'Inbox' }).click();
    await approvers[2]!.getByText('Nothing waits for you').waitFor();
  });

  it('"Run now" starts the published version with a payload, and the run opens', async () => {
    await page.getByRole('button', { name: 'Run now' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run version 1' });
    await dialog
      .getByLabel('Trigger payload (JSON)')
      .fill('{"body": {"kind": "retail", "lines": []}}');
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await page.locator('[data-run-status="completed"]').waitFor({ timeout: 30_000 });
    await expect(page.getByText('Run of v1').count()).resolves.toBe(1);
    for (const name of ['Webhook', 'Switch'])
      await expect.poll(() => canvas.status(name)).toBe('succeeded');
    // The branch not taken is marked so.
    await expect(canvas.status('For each')).resolves.toBe('skipped');
    await snap(page, 'show-04-run-now');
  });
});

describe('a 3-node flow built with the keyboard only', () => {
  /** Focus moves by the keyboard's own means in the app; the test puts it on the named control. */
  const press = async (target: ReturnType<Page['locator']>, key = 'Enter') => {
    await target.focus();
    await page.keyboard.press(key);
  };
  const typeInto = async (label: string, text: string) => {
    await page.locator(`[data-testid="expression-${label}"] .cm-content`).focus();
    await page.keyboard.type(text, { delay: 5 });
  };

  it('adds Webhook → Set → Respond to webhook from the palette, each after the one before', async () => {
    await page.goto('/flows');
    await page.getByLabel('New flow name').focus();
    await page.keyboard.type('Echo');
    await press(page.getByRole('button', { name: 'New flow' }));
    await page.getByRole('heading', { name: 'Echo' }).waitFor();
    for (const type of ['core.webhook_trigger', 'core.set', 'core.respond_webhook'])
      await press(page.locator(`[data-node-type="${type}"]`));
    await canvas.node('Respond to webhook').waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    // Each added node came into view in turn; Fit view brings back the first.
    await press(page.getByRole('button', { name: 'Fit view', exact: true }));
    await canvas.settle();

    await press(canvas.node('Webhook'));
    await typeInto('Path', `echo-${id}`);
    // On a focused select, an arrow key picks the next option: async → sync.
    await press(field('Webhook', 'Response Mode'), 'ArrowDown');
    await expect(field('Webhook', 'Response Mode').inputValue()).resolves.toBe('sync');

    await press(canvas.node('Set'));
    await page
      .getByRole('complementary', { name: 'Inspector: Set' })
      .getByPlaceholder('name')
      .focus();
    await page.keyboard.type('shout');
    await press(
      page.getByRole('complementary', { name: 'Inspector: Set' }).getByRole('button', {
        name: 'Add',
        exact: true,
      }),
    );
    await typeInto('shout', '{{ $uppercase($trigger.body.hello) }}');

    await press(canvas.node('Respond to webhook'));
    await pasteInto('Body', '{"echo": "{{ $node.Set.output.shout }}", "via": "keyboard"}');
    await expect.poll(() => page.locator('#problems-title').textContent()).toMatch(/0 errors/);
    await page.getByText('All changes saved').waitFor({ timeout: 10_000 });
    await snap(page, 'show-05-keyboard-built');
  });

  it('publishes; the curl line the trigger shows, run as it is, gets the designed answer', async () => {
    await press(page.getByRole('button', { name: 'Publish' }));
    await expect
      .poll(() => page.locator('.toolbar-message').textContent(), { timeout: 15_000 })
      .toBe('Published version 1.');
    await press(canvas.node('Webhook'));
    const panel = page.getByRole('region', { name: 'Webhook URL' });
    await press(panel.getByRole('button', { name: 'Reveal secret' }));
    await expect
      .poll(() => panel.getByLabel('Secret', { exact: true }).inputValue())
      .toMatch(/^whsec_/);
    const line = (await panel.getByLabel('Try it with curl', { exact: true }).inputValue())!;
    expect(line).toContain(`/hooks/show-${id}/echo-${id}`);
    const { stdout } = await run('sh', ['-c', line], { timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ echo: 'WORLD', via: 'keyboard' });
    await snap(page, 'show-06-keyboard-curl');
  });
});
