import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signUp } from './accounts';
import { launchChromium, newContext } from './browser';

// Approvers decide from their phones: the editor installs as an app, and its shell opens without
// a network (the service worker precaches it), saying plainly that the server is out of reach.

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  context = await newContext(browser, inject('editorUrl'));
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe('installable app', () => {
  it('has a web app manifest that makes it installable', async () => {
    await page.goto('/login');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const response = await page.request.get(href!);
    expect(response.ok()).toBe(true);
    const manifest = (await response.json()) as {
      name: string;
      start_url: string;
      display: string;
      icons: { src: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ name: 'BizOSaaS', start_url: '/', display: 'standalone' });
    for (const icon of manifest.icons)
      expect((await page.request.get(icon.src)).ok(), icon.src).toBe(true);
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  });

  it('opens its shell offline once visited, and says the server is out of reach', async () => {
    await signUp(page, `pwa-${randomBytes(4).toString('hex')}`);
    // The service worker has installed, precached the shell and taken control of the page.
    await page.waitForFunction(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state === 'activated' && navigator.serviceWorker.controller;
    });

    await context.setOffline(true);
    try {
      await page.goto('/inbox');
      await page
        .getByRole('alert')
        .filter({ hasText: 'The server could not be reached' })
        .waitFor();
      await expect(page.title()).resolves.toBe('BizOSaaS');
    } finally {
      await context.setOffline(false);
    }
    await page.reload();
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  });
});
