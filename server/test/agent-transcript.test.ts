// The agent decision log: steps written by the platform activity land in PostgreSQL once each,
// and `runs.agentTranscript` reads them back per agent, for members of the run's tenant only.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AgentDecisionInput } from '@bizosaas/runtime';
import { createAgentDecisionActivities } from '../src/agents/activities.js';
import type { AgentTranscript } from '../src/agents/decision-log.js';
import { manualFlow } from './flows.js';
import {
  addMember,
  call,
  signUp,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from './harness.js';

let server: TestServer;
let owner: Session;
let viewer: Session;
let outsider: Session;

beforeAll(async () => {
  server = await startTestServer();
  owner = await signUp(server.url);
  viewer = await addMember(server.url, owner, 'viewer');
  outsider = await signUp(server.url);
});
afterAll(() => server?.close());

async function startRun(session: Session): Promise<{ runId: string; flowId: string }> {
  const flow = await call<{ id: string }>(
    server.url,
    'flows.create',
    { name: unique('flow'), graph: manualFlow() },
    session,
  );
  const flowId = flow.data!.id;
  await call(server.url, 'flows.publish', { flowId, revision: 1 }, session);
  const run = await call<{ runId: string }>(
    server.url,
    'runs.start',
    { flowId, payload: {} },
    session,
  );
  return { runId: run.data!.runId, flowId };
}

function step(
  base: { tenantId: string; flowId: string; runId: string },
  n: number,
  extra: Partial<AgentDecisionInput> = {},
): AgentDecisionInput {
  const system = { role: 'system' as const, content: 'You write posts.' };
  const user = { role: 'user' as const, content: 'Draft a post about spring.' };
  const first = {
    role: 'assistant' as const,
    content: 'I look up the last post.',
    toolCalls: [{ id: 'c1', name: 'wordpress_list_posts', args: { limit: 1 } }],
  };
  return {
    id: `${base.runId}:agent:${n}`,
    ...base,
    nodeKey: 'agent',
    nodeName: 'Writer',
    step: n,
    promptHash: (n === 1 ? 'a' : 'b').repeat(64),
    messages: n === 1 ? [system, user] : [],
    response: n === 1 ? first : { role: 'assistant', content: 'Spring is here.' },
    tools: n === 1 ? [{ call: first.toolCalls[0]!, status: 'ok', result: '{"items":[]}' }] : [],
    inputTokens: 100 * n,
    outputTokens: 10 * n,
    costUsd: 0.001 * n,
    latencyMs: 50 * n,
    model: 'openai:gpt-4o-mini',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    ...extra,
  };
}

const transcript = (session: Session, runId: string) =>
  call<AgentTranscript[]>(
    server.url,
    'runs.agentTranscript',
    { runId },
    {
      ...session,
      type: 'query',
    },
  );

describe('runs.agentTranscript', () => {
  test('each step once, per agent, readable by any member of the tenant', async () => {
    const { runId, flowId } = await startRun(owner);
    const log = createAgentDecisionActivities(server.services);
    const base = { tenantId: owner.tenantId, flowId, runId };
    await log.recordAgentDecisions([step(base, 2), step(base, 1)]);
    // A retried activity writes the same step again: it stays one row, as first written.
    await log.recordAgentDecisions([step(base, 1, { model: 'changed' })]);

    for (const member of [owner, viewer]) {
      const result = await transcript(member, runId);
      expect(result.status).toBe(200);
      const [agent, ...others] = result.data!;
      expect(others).toEqual([]);
      expect(agent).toMatchObject({
        nodeKey: 'agent',
        nodeName: 'Writer',
        totals: { inputTokens: 300, outputTokens: 30, latencyMs: 150 },
      });
      expect(agent!.totals.costUsd).toBeCloseTo(0.003);
      expect(agent!.steps.map((s) => [s.step, s.model])).toEqual([
        [1, 'openai:gpt-4o-mini'],
        [2, 'openai:gpt-4o-mini'],
      ]);
      // The prompt of a step is what it added: the system prompt and task first, nothing new here.
      expect(agent!.steps[0]!.prompt.map((m) => m.role)).toEqual(['system', 'user']);
      expect(agent!.steps[1]!.prompt).toEqual([]);
      expect(agent!.steps[0]!.tools[0]).toMatchObject({
        status: 'ok',
        call: { name: 'wordpress_list_posts', args: { limit: 1 } },
      });
    }
  });

  test('another tenant cannot read it, and its own run shows none of it', async () => {
    const { runId, flowId } = await startRun(owner);
    await createAgentDecisionActivities(server.services).recordAgentDecisions([
      step({ tenantId: owner.tenantId, flowId, runId }, 1),
    ]);
    const refused = await transcript(outsider, runId);
    expect(refused.error?.data.code).toBe('NOT_FOUND');
    const own = await startRun(outsider);
    expect((await transcript(outsider, own.runId)).data).toEqual([]);
    expect((await transcript(owner, `${randomUUID()}`)).error?.data.code).toBe('NOT_FOUND');
  });
});
