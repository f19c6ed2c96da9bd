// The two signature journeys of DESIGN.md against the demo service: a campaign (the ContentCreator
// agent writes, the SEOSpecialist optimises → draft → approve → publish → share in parallel →
// wait → analytics → report) and lead intake (webhook → CRM upsert → score → hot? → discount
// approval → deal + chat message, otherwise nurture email). The CMS, CRM, chat and analytics steps
// are connector nodes (WordPress, HubSpot, Slack, and the unified analytics report on Google
// Analytics 4) on the demo tenant's connections; social, reports and email, which have no
// connector yet, are HTTP requests.
import type { FlowGraphInput, NodeInstance } from '@bizosaas/shared';

type Params = Record<string, unknown>;

/** The demo tenant's connections the flows' connector nodes use (left out: nodes without one). */
export interface DemoConnections {
  cms?: string;
  crm?: string;
  chat?: string;
  analytics?: string;
}

function node(
  id: string,
  type: string,
  name: string,
  x: number,
  y: number,
  params: Params = {},
  connectionId?: string,
): NodeInstance {
  return {
    id,
    type,
    typeVersion: 1,
    name,
    position: { x, y },
    params: params as NodeInstance['params'],
    onError: 'fail',
    ...(connectionId ? { connectionId } : {}),
  };
}

function edge(source: string, target: string, sourceOutput = 'main') {
  return {
    id: `${source}.${sourceOutput}->${target}`,
    source,
    sourceOutput,
    target,
    targetInput: 'main',
  };
}

const post = (url: string, json: Params): Params => ({
  method: 'POST',
  url,
  body: { type: 'json', json },
});

/** An agent's limits in the demo, on the local model (see the Campaign flow). */
const AGENT_LIMITS = { maxSteps: 3, maxTokens: 6000, maxSeconds: 900 };

/** The demo chat's #sales (scripts/demo/vendors/slack.ts). */
const SALES_CHANNEL = 'C0DEMO0002';

export interface DemoFlow {
  name: string;
  description: string;
  tags: string[];
  graph: FlowGraphInput;
}

export function campaignFlow(base: string, connections: DemoConnections = {}): DemoFlow {
  const postId = '{{ $node.Draft.output.id }}';
  return {
    name: 'Campaign: blog post to social',
    description:
      'The ContentCreator agent writes a post and the SEOSpecialist optimises it (on the local model), it is drafted in the CMS, marketing approves it, then it is published, shared, and its numbers reported two days later.',
    tags: ['demo', 'marketing'],
    graph: {
      schemaVersion: 2,
      settings: { variables: {} },
      nodes: [
        node('start', 'core.manual_trigger', 'Start campaign', 0, 22),
        // Two persona agents with no connection, so the embedded local model answers. Each gives
        // one JSON answer of 100-250 tokens: about 15 s at its ~15 tokens/s on two idle cores,
        // minutes on busy ones (200 tokens took 5.7 min at load 14), hence the wall time. Three
        // steps leave it two chances to correct an answer its persona's output schema refuses.
        node('write', 'agent', 'Write', 336, 22, {
          persona: 'content_creator',
          task: 'Write a short blog post on {{ $trigger.topic }}: a title and a body of two short HTML paragraphs.',
          limits: AGENT_LIMITS,
        }),
        node('optimise', 'agent', 'Optimise', 672, 22, {
          persona: 'seo_specialist',
          task: 'Optimise this blog post for search, keeping its meaning and length: {{ $node.Write.output.output }}',
          limits: AGENT_LIMITS,
        }),
        node(
          'draft',
          'wordpress.create_post',
          'Draft',
          1008,
          22,
          {
            title: '{{ $node.Optimise.output.output.title }}',
            body: '{{ $node.Optimise.output.output.body }}',
            status: 'draft',
          },
          connections.cms,
        ),
        node('review', 'core.approval', 'Review', 1344, 11, {
          title: 'Publish "{{ $node.Draft.output.title }}"?',
          description:
            'The ContentCreator agent wrote this post for the campaign on {{ $trigger.topic }} and the SEOSpecialist optimised it for: {{ $join($node.Optimise.output.output.keywords, ", ") }}.',
          details: {
            Title: '{{ $node.Draft.output.title }}',
            Draft: '{{ $node.Draft.output.body }}',
            'Meta description': '{{ $node.Optimise.output.output.metaDescription }}',
          },
          assignees: { users: [], roles: ['owner', 'approver'] },
          form: [{ name: 'note', label: 'Note for the author', type: 'textarea' }],
          dueAfter: { amount: 2, unit: 'days' },
          reminders: [{ amount: 4, unit: 'hours' }],
        }),
        node(
          'publish',
          'wordpress.update_post',
          'Publish',
          1680,
          0,
          { id: postId, status: 'published' },
          connections.cms,
        ),
        node(
          'linkedin',
          'core.http_request',
          'LinkedIn',
          2016,
          0,
          post(`${base}/social/linkedin/share`, {
            postId,
            text: '{{ $node.Publish.output.url }}',
          }),
        ),
        node(
          'x',
          'core.http_request',
          'X',
          2016,
          116,
          post(`${base}/social/x/share`, { postId, text: '{{ $node.Publish.output.url }}' }),
        ),
        node('shared', 'core.merge', 'Shared', 2352, 0, { mode: 'all' }),
        node('wait', 'core.delay', 'Two days later', 2688, 0, { amount: 2, unit: 'days' }),
        // The site's pages over the two days since publishing, from any analytics connection.
        node(
          'analytics',
          'analytics.report',
          'Analytics',
          3024,
          0,
          {
            metrics: ['screenPageViews', 'activeUsers'],
            dimensions: ['pagePath'],
            startDate: '2daysAgo',
            endDate: 'today',
          },
          connections.analytics,
        ),
        node(
          'report',
          'core.http_request',
          'Report',
          3360,
          0,
          post(`${base}/reports`, {
            postId,
            views: '{{ $sum($node.Analytics.output.rows.metrics.screenPageViews) }}',
            pages: '{{ $node.Analytics.output.rows }}',
          }),
        ),
        node('sent_back', 'core.set', 'Sent back', 1680, 116, {
          values: { status: 'sent back', comment: '{{ $node.Review.output.comment }}' },
        }),
      ],
      edges: [
        edge('start', 'write'),
        edge('write', 'optimise'),
        edge('optimise', 'draft'),
        edge('draft', 'review'),
        edge('review', 'publish', 'approved'),
        edge('review', 'sent_back', 'rejected'),
        edge('publish', 'linkedin'),
        edge('publish', 'x'),
        edge('linkedin', 'shared'),
        edge('x', 'shared'),
        edge('shared', 'wait'),
        edge('wait', 'analytics'),
        edge('analytics', 'report'),
      ],
    },
  };
}

export function leadIntakeFlow(base: string, connections: DemoConnections = {}): DemoFlow {
  return {
    name: 'Lead intake',
    description:
      'A web form posts a lead: upsert it in the CRM, score it; a hot lead gets a discount a sales manager approves, then a deal and a chat message; the rest get a nurture email.',
    tags: ['demo', 'sales'],
    graph: {
      schemaVersion: 2,
      settings: { variables: {} },
      nodes: [
        node('form', 'core.webhook_trigger', 'Web form', 0, 32, { path: 'lead', method: 'POST' }),
        node(
          'contact',
          'hubspot.upsert_contact',
          'Contact',
          336,
          32,
          {
            email: '{{ $trigger.body.email }}',
            firstName: '{{ $trigger.body.name }}',
            company: '{{ $trigger.body.company }}',
          },
          connections.crm,
        ),
        node('score', 'core.set', 'Score', 672, 32, {
          values: {
            score:
              '{{ ($trigger.body.employees > 100 ? 50 : 10) + ($trigger.body.budget > 10000 ? 40 : 0) }}',
          },
        }),
        node('hot', 'core.if', 'Hot?', 1008, 32, {
          condition: '{{ $node.Score.output.score >= 70 }}',
        }),
        node('discount', 'core.approval', 'Discount', 1344, 11, {
          title: 'Approve a discount for {{ $trigger.body.company }}?',
          description:
            '{{ $trigger.body.name }} ({{ $trigger.body.email }}) scored {{ $node.Score.output.score }}.',
          details: { Company: '{{ $trigger.body.company }}', Budget: '{{ $trigger.body.budget }}' },
          assignees: { users: [], roles: ['owner', 'approver'] },
          form: [{ name: 'discount', label: 'Discount (%)', type: 'number', required: true }],
          dueAfter: { amount: 1, unit: 'days' },
        }),
        node(
          'deal',
          'hubspot.create_deal',
          'Deal',
          1680,
          0,
          {
            name: '{{ $trigger.body.company }} ({{ $node.Discount.output.form.discount }}% off)',
            contactId: '{{ $node.Contact.output.record.id }}',
          },
          connections.crm,
        ),
        node(
          'notify',
          'slack.send_message',
          'Tell sales',
          2016,
          0,
          {
            channel: SALES_CHANNEL,
            text: 'New deal with {{ $trigger.body.company }}',
          },
          connections.chat,
        ),
        node(
          'nurture',
          'core.http_request',
          'Nurture',
          1344,
          149,
          post(`${base}/email/nurture`, { email: '{{ $trigger.body.email }}' }),
        ),
      ],
      edges: [
        edge('form', 'contact'),
        edge('contact', 'score'),
        edge('score', 'hot'),
        edge('hot', 'discount', 'true'),
        edge('hot', 'nurture', 'false'),
        edge('discount', 'deal', 'approved'),
        edge('deal', 'notify'),
      ],
    },
  };
}
