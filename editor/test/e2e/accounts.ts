import { expect, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newContext } from './browser';

/** Signs up a new workspace through the sign-up page; the user lands on the flows list. */
export async function signUp(page: Page, slug: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(`Builder ${slug}`);
  await page.getByLabel('Email').fill(`${slug}@example.test`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('Workspace name').fill(`Workspace ${slug}`);
  await page.getByLabel('Workspace address').fill(slug);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('heading', { name: 'Flows' }).waitFor();
}

/**
 * The owner or admin signed in on `page` invites someone from the Members page; the invitee joins
 * from the link in a browser context of their own and lands signed in, on the flows list.
 */
export async function invite(
  page: Page,
  browser: Browser,
  invitee: { role: string; email: string; name: string },
): Promise<Page> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Members' })
    .click();
  await page.getByLabel('Email', { exact: true }).fill(invitee.email);
  await page.getByLabel('Role', { exact: true }).selectOption(invitee.role);
  const shown = page.getByLabel('Invite link');
  // The page keeps showing the last invite's link until the new one replaces it.
  const previous = (await shown.count()) > 0 ? await shown.inputValue() : '';
  await page.getByRole('button', { name: 'Create invite link' }).click();
  await expect.poll(() => shown.inputValue()).not.toBe(previous);
  const link = await shown.inputValue();
  const theirs = await (await newContext(browser, inject('editorUrl'))).newPage();
  await theirs.goto(link);
  await theirs.getByLabel('Your name').fill(invitee.name);
  await theirs.getByLabel('Password').fill(`${invitee.role} password 123`);
  await theirs.getByRole('button', { name: 'Join' }).click();
  await theirs.getByRole('heading', { name: 'Flows' }).waitFor();
  return theirs;
}
