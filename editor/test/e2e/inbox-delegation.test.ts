import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { invite, signUp } from './accounts';
import { apiCall, edge, graph, node } from './api';
import { launchChromium, newContext, snap } from './browser';

// Working an approval task from the inbox as a team does: an approver claims it so the other
// assignee sees who is on it, gives it back, then delegates it with a note to a colleague, who
// finds it in their inbox saying who handed it over and why, and approves it.

const id = randomBytes(4).toString('hex');
const title = `Refund order ${id}`;
let browser: Browser;
let owner: Page;

beforeAll(async () => {
  browser = await launchChromium();
  owner = await (await newContext(browser, inject('editorUrl'))).newPage();
  await signUp(owner, `inbox-${id}`);
});

afterAll(async () => {
  await browser?.close();
});

/** A link of the main navigation (the Inbox link's name ends with the pending count). */
const nav = (target: Page, name: string) =>
  target.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

/** The open task's panel in the inbox. */
const detail = (target: Page) => target.getByRole('region', { name: title });

describe('claiming, releasing and delegating an approval task', () => {
  it('shows the claim to the other assignee, and the delegate reads who delegated it and the note', async () => {
    const ada = await invite(owner, browser, {
      role: 'approver',
      email: `ada-${id}@example.test`,
      name: 'Ada Approver',
    });
    const bob = await invite(owner, browser, {
      role: 'approver',
      email: `bob-${id}@example.test`,
      name: 'Bob Backup',
    });
    const members = await apiCall<{ userId: string; displayName: string }[]>(
      owner,
      'members.list',
      {},
      'query',
    );
    const userId = (name: string) => members.find((m) => m.displayName === name)?.userId;
    // The task goes to Ada and to the owner by name, so Bob is free to take Ada's part.
    const flow = await apiCall<{ id: string }>(owner, 'flows.create', {
      name: 'Refunds',
      graph: graph(
        [
          node('trigger', 'core.manual_trigger', 'Manual trigger', 0),
          node('ask', 'core.approval', 'Ask', 300, {
            title,
            assignees: {
              users: [userId('Ada Approver'), userId(`Builder inbox-${id}`)],
              roles: [],
            },
            notify: { email: false, slack: false },
          }),
        ],
        [edge('trigger', 'ask')],
      ),
    });
    await apiCall(owner, 'runs.testRun', { flowId: flow.id, payload: {} });
    await expect
      .poll(
        async () =>
          (await apiCall<{ tasks: unknown[] }>(ada, 'approvals.inbox', {}, 'query')).tasks.length,
        { timeout: 30_000 },
      )
      .toBe(1);

    // The owner has the task open while Ada claims it: their page shows at once that she is
    // working on it, and offers no Approve meanwhile.
    await nav(owner, 'Inbox').click();
    const theirs = detail(owner);
    await theirs.getByText('Nobody is working on this yet.').waitFor();
    await nav(ada, 'Inbox').click();
    const hers = detail(ada);
    await hers.getByText('Nobody is working on this yet.').waitFor();
    await hers.getByRole('button', { name: 'Claim' }).click();
    await hers.getByText('You are working on this; other assignees see that.').waitFor();
    await expect(hers.getByRole('button', { name: 'Claim' }).count()).resolves.toBe(0);
    await theirs.getByText('Ada Approver is working on this.').waitFor({ timeout: 10_000 });
    await expect(theirs.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);
    await snap(owner, 'inbox-01-claimed-by-someone-else');

    // She gives it back: free again, for her and, without a reload, for the owner.
    await hers.getByRole('button', { name: 'Release' }).click();
    await hers.getByText('Nobody is working on this yet.').waitFor();
    await theirs.getByText('Nobody is working on this yet.').waitFor({ timeout: 10_000 });
    await theirs.getByRole('button', { name: 'Approve' }).waitFor();

    // A claim she leaves behind, the owner frees from the Team tab; her page sees it go.
    await hers.getByRole('button', { name: 'Claim' }).click();
    await hers.getByText('You are working on this; other assignees see that.').waitFor();
    await owner.getByRole('tab', { name: 'Team' }).click();
    await owner
      .getByRole('table', { name: 'Open team tasks' })
      .getByRole('button', { name: `Release “${title}” from Ada Approver` })
      .click();
    await hers.getByText('Nobody is working on this yet.').waitFor({ timeout: 10_000 });
    await expect
      .poll(() =>
        owner.getByRole('table', { name: 'Open team tasks' }).getByText('is working on it').count(),
      )
      .toBe(0);

    // She delegates her part to Bob with a note; the task leaves her inbox.
    await hers.getByRole('button', { name: 'Delegate…' }).click();
    const dialog = ada.getByRole('dialog', { name: `Delegate “${title}”` });
    const bobChoice = `Bob Backup (bob-${id}@example.test)`;
    // Neither Ada herself nor the owner (already an assignee) is offered.
    await expect
      .poll(() => dialog.getByLabel('Delegate to').locator('option').allTextContents())
      .toEqual(['Choose a member…', bobChoice]);
    await dialog.getByLabel('Delegate to').selectOption({ label: bobChoice });
    await dialog
      .getByLabel('Note for them')
      .fill('I am off until Monday; the receipt is attached.');
    await snap(ada, 'inbox-02-delegate-dialog');
    await dialog.getByRole('button', { name: 'Delegate', exact: true }).click();
    await ada.getByRole('status').getByText(`You delegated “${title}” to Bob Backup.`).waitFor();
    await ada.getByText('Nothing waits for you.').waitFor();

    // Bob finds it in his inbox: who handed it over, and the note.
    await nav(bob, 'Inbox').click();
    const his = detail(bob);
    const note = his.getByRole('note');
    await note.waitFor();
    await expect(note.textContent()).resolves.toMatch(
      /^Ada Approver delegated this task to you .+: “I am off until Monday; the receipt is attached\.”$/,
    );
    await snap(bob, 'inbox-03-delegated-to-me');
    await his.getByRole('button', { name: 'Approve' }).click();
    await bob.getByRole('status').getByText(`You approved “${title}”.`).waitFor();
    await expect
      .poll(
        async () =>
          (await apiCall<{ tasks: unknown[] }>(owner, 'approvals.team', { limit: 100 }, 'query'))
            .tasks.length,
      )
      .toBe(0);
  });
});
