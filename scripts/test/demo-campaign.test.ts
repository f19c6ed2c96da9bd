// The seeded Campaign flow run for real, end to end: the ContentCreator agent writes the post, the
// SEOSpecialist optimises what it wrote, the WordPress connector drafts that on the demo CMS,
// marketing approves it, it is published and shared, and after the wait (two days in the demo, a
// second here) the unified analytics report reads the site's pages from the demo's Google
// Analytics 4 over a connection made through its OAuth grant, and the report step sends those
// rows on. Each agent's steps are in the decision log. The demo tenant's agents run on the local
// model, which takes minutes a post on a busy machine; here LangChain's fake chat model, scripted
// per persona, answers in its place (the local model's own tests cover the model). The grant
// itself is checked too: tokens in OpenBao as after any grant, refreshed offline at the demo.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OptimizedPostSchema, PostDraftSchema } from '@bizosaas/nodes';
import {
  answer,
  ScriptedChatModel,
  taskOf,
  type Script,
} from '@bizosaas/runtime/testing/scripted-model';
import { call, unique, type RunView } from '@bizosaas/server/testing';
import { connectDemoAnalytics } from '../demo/connect-analytics.js';
import { campaignFlow } from '../demo/demo-flows.js';
import { demoConnectorBaseUrls, demoConnectorOAuthUrls } from '../demo/vendors/base-urls.js';
import { WORDPRESS_DEMO_USER } from '../demo/vendors/wordpress.js';
import { startDemoTenant, until, type DemoTenant } from './support/demo-tenant.js';

type BaseMessage = Parameters<Script>[0][number];

const personaOf = (conversation: BaseMessage[]) =>
  /\(([A-Za-z]+)\)/.exec(String(conversation[0]?.content))?.[1] ?? '';

const DRAFT = {
  title: 'Spring gardening for beginners',
  body: '<p>Start small: three pots and good soil.</p><p>Water in the morning.</p>',
};
const OPTIMISED = {
  title: 'Spring gardening for beginners: 2 easy steps',
  metaDescription: 'Start a spring garden with three pots, good soil and morning watering.',
  keywords: ['spring gardening', 'gardening for beginners'],
};

/**
 * Each persona answers in its output schema, as the loop's system prompt asks; the ContentCreator
 * in a fenced block, as the 1.5B local model answered it. The SEOSpecialist keeps the body of the
 * post its task carries, so the post on the CMS shows it read the ContentCreator's.
 */
const script: Script = (conversation) => {
  const task = taskOf(conversation);
  switch (personaOf(conversation)) {
    case 'ContentCreator':
      if (!task.includes('spring gardening')) return answer('Which topic?');
      return answer('```json\n' + JSON.stringify(PostDraftSchema.parse(DRAFT)) + '\n```');
    case 'SEOSpecialist': {
      const written = PostDraftSchema.parse(JSON.parse(task.slice(task.indexOf('{'))));
      return answer(
        JSON.stringify(OptimizedPostSchema.parse({ ...OPTIMISED, body: written.body })),
      );
    }
    default:
      return answer('not a campaign persona');
  }
};

let tenant: DemoTenant;

/** The demo analytics connected through its OAuth grant, as the seed connects it. */
const connectAnalytics = () =>
  connectDemoAnalytics(
    async (path, input) => {
      const result = await call(tenant.server.url, path, input, tenant.owner);
      if (result.error) throw new Error(`${path}: ${JSON.stringify(result.error)}`);
      return result.data;
    },
    tenant.owner,
    unique('analytics'),
  );

beforeAll(async () => {
  tenant = await startDemoTenant((demoBase) => ({
    chatModels: () => new ScriptedChatModel(script),
    // Google's sign-in sends the browser back to this server's /oauth/callback.
    ownPublicUrl: true,
    // As the dev stack configures it: GA4's API and Google's sign-in at the demo service.
    config: {
      CONNECTOR_BASE_URLS: demoConnectorBaseUrls(demoBase),
      CONNECTOR_OAUTH_URLS: demoConnectorOAuthUrls(demoBase),
    },
  }));
});
afterAll(() => tenant?.close());

it('the agents write and optimise the post, which is drafted, approved, published, shared and reported on from GA4', async () => {
  const { demoBase, server, owner } = tenant;
  const made = await call<{ id: string }>(
    server.url,
    'connections.create',
    {
      name: unique('blog'),
      type: 'wordpress',
      method: 'application_password',
      credentials: { siteUrl: demoBase, ...WORDPRESS_DEMO_USER },
    },
    owner,
  );
  const analytics = await connectAnalytics();
  const { name, graph } = campaignFlow(demoBase, { cms: made.data!.id, analytics });
  // The two days the demo waits before the numbers, shortened to a second.
  const wait = graph.nodes.find((n) => n.id === 'wait')!;
  expect(wait.params).toEqual({ amount: 2, unit: 'days' });
  wait.params = { amount: 1, unit: 'seconds' };
  const flow = await call<{ id: string }>(server.url, 'flows.create', { name, graph }, owner);
  const flowId = flow.data!.id;
  expect((await call(server.url, 'flows.publish', { flowId, revision: 1 }, owner)).error).toBe(
    undefined,
  );
  const started = await call<{ runId: string }>(
    server.url,
    'runs.start',
    { flowId, payload: { topic: 'spring gardening' } },
    owner,
  );
  const { runId } = started.data!;

  // Marketing is asked about the SEOSpecialist's version of the ContentCreator's post.
  const task = await until(async () => {
    const inbox = await call<{ tasks: { id: string; runId: string; title: string }[] }>(
      server.url,
      'approvals.inbox',
      {},
      { ...owner, type: 'query' },
    );
    return inbox.data?.tasks.find((t) => t.runId === runId);
  });
  expect(task.title).toBe(`Publish "${OPTIMISED.title}"?`);
  const detail = await call<{ description: string; details: object }>(
    server.url,
    'approvals.get',
    { taskId: task.id },
    { ...owner, type: 'query' },
  );
  expect(detail.data!.description).toContain(
    'optimised it for: spring gardening, gardening for beginners',
  );
  expect(detail.data!.details).toMatchObject({
    Draft: DRAFT.body,
    'Meta description': OPTIMISED.metaDescription,
  });
  const decided = await call(
    server.url,
    'approvals.decide',
    { taskId: task.id, decision: 'approve', form: {} },
    owner,
  );
  expect(decided.error).toBeUndefined();

  // Published, shared, and after the wait reported on.
  const run = await until(async () => {
    const read = await call<RunView>(
      server.url,
      'runs.get',
      { runId },
      { ...owner, type: 'query' },
    );
    return read.data && read.data.status !== 'running' ? read.data : undefined;
  });
  expect(run.nodes.filter((n) => n.error)).toEqual([]);
  expect(run.status).toBe('completed');
  expect(run.nodes.map((n) => [n.nodeId, n.status])).toEqual([
    ['start', 'succeeded'],
    ['write', 'succeeded'],
    ['optimise', 'succeeded'],
    ['draft', 'succeeded'],
    ['review', 'succeeded'],
    ['publish', 'succeeded'],
    ['linkedin', 'succeeded'],
    ['sent_back', 'skipped'],
    ['x', 'succeeded'],
    ['shared', 'succeeded'],
    ['wait', 'succeeded'],
    ['analytics', 'succeeded'],
    ['report', 'succeeded'],
  ]);
  const output = (id: string) => run.nodes.find((n) => n.nodeId === id)?.output;
  expect(output('write')).toMatchObject({ output: DRAFT, steps: 1 });
  expect(output('optimise')).toMatchObject({ output: { ...OPTIMISED, body: DRAFT.body } });
  const published = output('publish') as { id: string; status: string };
  expect(published.status).toBe('published');
  // Anyone reads it on the demo WordPress, with the SEOSpecialist's title.
  const site = (await (await fetch(`${demoBase}/wp-json/wp/v2/posts`)).json()) as {
    id: number;
    title: { rendered: string };
  }[];
  expect(site.find((p) => String(p.id) === published.id)?.title.rendered).toBe(OPTIMISED.title);

  // Each agent's step is in the decision log, on the model that answered.
  const transcript = await call<{ nodeName: string; steps: { model: string }[] }[]>(
    server.url,
    'runs.agentTranscript',
    { runId },
    { ...owner, type: 'query' },
  );
  expect(
    transcript.data!.map((agent) => [agent.nodeName, agent.steps.map((s) => s.model)]),
  ).toEqual([
    ['Write', ['local']],
    ['Optimise', ['local']],
  ]);

  // The site's pages from the GA4-shaped service, whose rows the report step sent on.
  const report = output('analytics') as {
    source: { connector: string };
    rows: { dimensions: { pagePath: string }; metrics: { screenPageViews: number } }[];
    rowCount: number;
    raw: { metricHeaders: { name: string }[] };
  };
  expect(report.source).toEqual({ connector: 'google_analytics' });
  expect(report.rows.map((r) => r.dimensions.pagePath)).toEqual([
    '/',
    '/blog/',
    '/pricing/',
    '/contact/',
  ]);
  expect(report.raw.metricHeaders.map((h) => h.name)).toEqual(['screenPageViews', 'activeUsers']);
  const views = report.rows.reduce((sum, row) => sum + row.metrics.screenPageViews, 0);
  expect(views).toBeGreaterThan(0);
  expect(output('report')).toMatchObject({
    status: 201,
    body: { postId: published.id, views, pages: report.rows },
  });
}, 120_000);

it('the analytics grant is stored as a completed grant leaves it and refreshes at the demo service', async () => {
  const { server, owner } = tenant;
  const connectionId = await connectAnalytics();
  const list = await call<{ id: string; status: string; scopes: string[] }[]>(
    server.url,
    'connections.list',
    undefined,
    { ...owner, type: 'query' },
  );
  expect(list.data!.find((c) => c.id === connectionId)).toMatchObject({
    status: 'ok',
    scopes: ['https://www.googleapis.com/auth/analytics.readonly'],
  });
  type Stored = { oauth2: { accessToken: string; refreshToken: string; expiresAt: number } };
  const path = `tenants/${owner.tenantId}/connections/${connectionId}`;
  const stored = (await server.services.secrets.read<Stored>(path))!;
  expect(stored.oauth2).toMatchObject({
    accessToken: expect.stringMatching(/^ya29\./),
    refreshToken: expect.stringMatching(/^1\/\//),
  });
  expect(stored.oauth2.expiresAt - Date.now()).toBeGreaterThan(3_500_000);

  // An hour later the access token has expired: Test connection refreshes it at the demo's token
  // endpoint (CONNECTOR_OAUTH_URLS), with no Google to reach, and stores the new one.
  await server.services.secrets.write(path, {
    ...stored,
    oauth2: { ...stored.oauth2, accessToken: 'ya29.expired', expiresAt: Date.now() - 1_000 },
  });
  const tested = await call<{ ok: boolean }>(
    server.url,
    'connections.test',
    { connectionId },
    owner,
  );
  expect(tested.data).toMatchObject({ ok: true });
  const refreshed = (await server.services.secrets.read<Stored>(path))!.oauth2;
  expect(refreshed.accessToken).toMatch(/^ya29\./);
  expect(refreshed.accessToken).not.toBe('ya29.expired');
  expect(refreshed.refreshToken).toBe(stored.oauth2.refreshToken);
  expect(refreshed.expiresAt - Date.now()).toBeGreaterThan(3_500_000);
}, 60_000);
