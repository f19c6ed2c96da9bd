import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signUp } from './accounts';
import { launchChromium, newContext, snap } from './browser';

// An owner points approval notifications at the team's Slack channel from the settings page. The
// webhook URL is a credential: once saved it is never shown again, anywhere.

let browser: Browser;
let page: Page;
const token = `T${randomBytes(8).toString('hex')}`;
const webhookUrl = `https://hooks.slack.com/services/T0001/B0001/${token}`;

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await newContext(browser, inject('editorUrl'))).newPage();
  await signUp(page, `st-${randomBytes(4).toString('hex')}`);
});
afterAll(async () => {
  await browser?.close();
});

describe('approval notifications in Slack', () => {
  it('adds a Slack webhook as the channel, and never shows its URL again', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const channel = page.getByLabel('Slack channel');
    await expect(channel.inputValue()).resolves.toBe('');
    await channel.selectOption({ label: 'Add a Slack webhook…' });
    await page.getByLabel('Connection name').fill('Deals channel');
    await page.getByLabel('Incoming webhook URL').fill(webhookUrl);
    await snap(page, 'settings-01-slack-webhook');
    await page.getByRole('button', { name: 'Save notification settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await page.reload();
    await expect
      .poll(async () => page.getByLabel('Slack channel').locator('option:checked').textContent())
      .toBe('Deals channel');
    await expect(page.content()).resolves.not.toContain(token);

    await page.getByRole('link', { name: 'Connections' }).click();
    const row = page.getByRole('row', { name: /Deals channel/ });
    await expect(row.textContent()).resolves.toContain('Slack incoming webhook');
    await expect(page.content()).resolves.not.toContain(token);
  });

  it('refuses to delete the connection while it is the channel, with the reason', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page
      .getByRole('row', { name: /Deals channel/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByText('choose another one in Settings first').waitFor();
  });

  it('goes back to email only', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Slack channel').selectOption({ label: 'None: email only' });
    await page.getByRole('button', { name: 'Save notification settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    await expect(page.getByLabel('Slack channel').inputValue()).resolves.toBe('');
  });
});
