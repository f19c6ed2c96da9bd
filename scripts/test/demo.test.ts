// The flows `npm run up` seeds stay valid as node types evolve, and the service they call answers.
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { validate } from '@bizosaas/shared';
import { builtinCatalog } from '@bizosaas/nodes';
import { campaignFlow, leadIntakeFlow } from '../demo/demo-flows.js';
import { startDemoService } from '../demo/demo-service.js';

describe('the demo tenant', () => {
  it.each([campaignFlow, leadIntakeFlow])('%o validates without problems', (build) => {
    const problems = validate(build('http://127.0.0.1:3002').graph, builtinCatalog());
    expect(problems).toEqual([]);
  });

  it('demo service drafts and publishes a post and upserts a contact', async () => {
    const server = await startDemoService(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const post = (await (
        await fetch(`${base}/cms/posts`, { method: 'POST', body: JSON.stringify({ topic: 'AI' }) })
      ).json()) as { id: string; status: string; title: string };
      expect(post).toMatchObject({ status: 'draft', title: 'Five ways AI saves you time' });
      const published = await fetch(`${base}/cms/posts/${post.id}/publish`, { method: 'POST' });
      expect(await published.json()).toMatchObject({ status: 'published' });
      const body = JSON.stringify({ email: 'ada@example.test', name: 'Ada' });
      const first = (await (
        await fetch(`${base}/crm/contacts`, { method: 'POST', body })
      ).json()) as { id: string };
      const again = (await (
        await fetch(`${base}/crm/contacts`, { method: 'POST', body })
      ).json()) as { id: string };
      expect(again.id).toBe(first.id);
      expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
