// A model that streams, on the real Temporal dev server and Redis: a chat's answer is published on
// its conversation's channel as the model writes it (never the JSON of a routing or a tool call),
// and a model call lives as long as the agent's wall time allows, heartbeating, however slow.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AgentTool } from '@bizosaas/nodes';
import {
  decideApproval,
  decisionId,
  liveChatChannel,
  type ChatPartial,
  type ChatTurnResult,
  type RunState,
} from '../src/index.js';
import { chain, node } from './support/flows.js';
import { output, statuses, TENANT } from './support/harness.js';
import { startPersonaWorker } from './support/persona-worker.js';
import { answer, callTools, turnOf } from './support/scripted-model.js';

const APPROVER = randomUUID();
/** How far apart the model writes its words. */
const MS_PER_WORD = 40;

let w: Awaited<ReturnType<typeof startPersonaWorker>>;
let subscriber: Redis;
beforeAll(async () => {
  w = await startPersonaWorker({ approver: [APPROVER] }, { msPerWord: MS_PER_WORD });
  subscriber = new Redis(w.h.config.REDIS_URL);
});
afterAll(async () => {
  subscriber?.disconnect();
  await w?.close();
});

/** Everything published on a conversation's channel, from now on. */
async function follow(conversationId: string): Promise<ChatPartial[]> {
  const heard: ChatPartial[] = [];
  const channel = liveChatChannel(TENANT, conversationId);
  subscriber.on('message', (from: string, message: string) => {
    if (from === channel) heard.push(JSON.parse(message) as ChatPartial);
  });
  await subscriber.subscribe(channel);
  return heard;
}

test('a chat answer is published as the model writes it; the routing and the tool call are not', async () => {
  w.scripts.set('AgentCoordinator', () =>
    answer(JSON.stringify({ persona: 'content_creator', reason: 'a draft to write' })),
  );
  w.scripts.set('ContentCreator', (conversation) =>
    turnOf(conversation) === 0
      ? callTools(
          [{ name: 'cms_create_content', args: { title: 'Spring sale', body: '<p>Hi</p>' } }],
          'I create the draft for you.',
        )
      : answer('The draft was not created, as the approver asked.'),
  );
  const tools: AgentTool[] = [
    { operation: 'cms.create_content', connectionId: randomUUID(), requireApproval: false },
  ];
  const conversationId = randomUUID();
  const heard = await follow(conversationId);
  const handle = await w.startTurn(
    'agent_coordinator',
    [{ role: 'user', content: 'Draft a post on our spring sale' }],
    tools,
    conversationId,
  );
  const turnId = handle.workflowId.split('/')[2]!;
  const task = await w.platform.taskOf(turnId);
  await decideApproval(w.h.client, handle.workflowId, 1, {
    taskId: task.taskId,
    decisionId: decisionId(task.taskId, APPROVER),
    userId: APPROVER,
    decision: 'reject',
    comment: null,
    form: {},
  });
  const result = (await handle.result()) as ChatTurnResult;
  expect(result.text).toBe('The draft was not created, as the approver asked.');

  await expect.poll(() => heard.at(-1)?.text).toBe(result.text);
  // Only the answering persona's two steps: the coordinator's JSON choice is never published.
  expect(new Set(heard.map((p) => `${p.turnId} ${p.persona} ${p.step}`))).toEqual(
    new Set([`${turnId} content_creator 1`, `${turnId} content_creator 2`]),
  );
  for (const [step, whole] of [
    [1, 'I create the draft for you.'],
    [2, result.text],
  ] as const) {
    const texts = heard.filter((p) => p.step === step).map((p) => p.text);
    // It grew in pieces, each the whole text so far, and ended whole; no tool call's JSON in it.
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.at(-1)).toBe(whole);
    for (const text of texts) expect(whole.startsWith(text)).toBe(true);
  }
});

async function runAgent(script: string[], limits: Record<string, number>) {
  w.scripts.set('MarketingStrategist', () => answer(script.join(' ')));
  const before = w.seen.length;
  const run = await w.h.run(
    chain([
      node('agent', 'agent', {
        params: {
          persona: 'marketing_strategist',
          task: `keywords ${randomUUID()}`,
          tools: [],
          limits,
        },
      }),
    ]),
    {},
    { platformTaskQueue: w.platform.taskQueue },
  );
  return { ...run, calls: w.seen.length - before };
}

const agentError = (state: RunState) => state.nodes.find((n) => n.key === 'agent')?.error;

test(
  'a model writing for longer than the heartbeat timeout is not cut short: its worker heartbeats',
  { timeout: 60_000 },
  async () => {
    // 18 s of writing, past the 15 s heartbeat timeout: one model call, never retried.
    const words = Array.from({ length: Math.ceil(18_000 / MS_PER_WORD) }, (_, i) => `w${i}`);
    const run = await runAgent(words, { maxSeconds: 120 });
    expect(statuses(run.state).agent).toBe('succeeded');
    expect(run.calls).toBe(1);
    expect((output(run.state, 'agent') as { output: string }).output).toMatch(/ w449$/);
  },
);

test('the wall time stops a model call still writing, with the time limit’s error', async () => {
  // 8 s of writing against a 2 s limit: stopped at the limit, not retried.
  const words = Array.from({ length: Math.ceil(8_000 / MS_PER_WORD) }, (_, i) => `w${i}`);
  const started = Date.now();
  const run = await runAgent(words, { maxSeconds: 2 });
  expect(agentError(run.state)).toEqual({
    code: 'AGENT_LIMIT_REACHED',
    message: expect.stringMatching(
      /^the agent reached its time limit \(\d+\.\d s, the limit is 2 s\)$/,
    ),
  });
  expect(run.calls).toBe(1);
  expect(Date.now() - started).toBeLessThan(7_000);
});
