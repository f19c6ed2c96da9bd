import { expect, test } from 'vitest';
import { paginate } from '../../src/http/pagination.js';

// Slack's Web API document (as Prism serves it) names the same next cursor on every page; the
// channel dropdown asked for pages until its limit and hung on the connection's rate limit.
// A cursor handed back unchanged now ends the walk.

test('a next cursor equal to the one sent ends the pagination', async () => {
  let requests = 0;
  const page = await paginate(
    { method: 'GET', path: '/conversations.list' },
    {
      pagination: {
        style: 'cursor',
        cursorParam: 'cursor',
        nextCursorPath: 'next',
        itemsPath: 'items',
        limitParam: 'limit',
      },
      limit: 1000,
      pageSize: 200,
    },
    async () => {
      requests++;
      return { status: 200, headers: {}, body: { items: [{ id: `C${requests}` }], next: 'same' } };
    },
  );
  expect(requests).toBe(2);
  expect(page).toEqual({ items: [{ id: 'C1' }, { id: 'C2' }] });
});
