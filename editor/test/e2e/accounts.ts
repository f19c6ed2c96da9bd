import type { Page } from 'playwright-core';

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
