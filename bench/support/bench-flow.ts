// The flow the throughput and soak benches run, and its publishing through the real server.
import type { FlowGraphInput } from '@bizosaas/shared';
import { call, unique, type Session } from '@bizosaas/server/testing';
import { edge, node } from '@bizosaas/server/testing/flows';

/** Webhook → Set → If → (true) Set → Merge → Set; the If's false branch goes straight to Merge. */
export function benchFlow(path: string, responseMode: 'sync' | 'async'): FlowGraphInput {
  return {
    schemaVersion: 2,
    nodes: [
      node('trigger', 'core.webhook_trigger', { path, responseMode }),
      node('lead', 'core.set', {
        values: { email: '{{ $trigger.body.email }}', score: '{{ $trigger.body.score }}' },
      }),
      node('check', 'core.if', { condition: '{{ $.score > 10 }}' }),
      node('hot', 'core.set', { values: { tier: 'hot' }, keepInput: true }),
      node('join', 'core.merge', { mode: 'all' }),
      node('reply', 'core.set', { values: { ok: true, lead: '{{ $node.lead.output }}' } }),
    ],
    edges: [
      edge('trigger', 'lead'),
      edge('lead', 'check'),
      edge('check', 'hot', 'true'),
      edge('check', 'join', 'false'),
      edge('hot', 'join'),
      edge('join', 'reply'),
    ],
    settings: { variables: {} },
  };
}

/** Creates and publishes `benchFlow` in the owner's tenant; its webhook's URL and secret. */
export async function publishBenchFlow(
  serverUrl: string,
  owner: Session & { slug: string },
  mode: 'sync' | 'async',
) {
  const path = unique(`bench-${mode}`);
  const flow = await call<{ id: string }>(
    serverUrl,
    'flows.create',
    { name: `bench ${mode}`, graph: benchFlow(path, mode) },
    owner,
  );
  if (!flow.data) throw new Error(`flows.create failed: ${JSON.stringify(flow.error)}`);
  const published = await call<{ webhook: { secret: string } }>(
    serverUrl,
    'flows.publish',
    { flowId: flow.data.id, revision: 1 },
    owner,
  );
  if (!published.data) throw new Error(`publish failed: ${JSON.stringify(published.error)}`);
  return {
    flowId: flow.data.id,
    url: `${serverUrl}/hooks/${owner.slug}/${path}`,
    secret: published.data.webhook.secret,
  };
}
