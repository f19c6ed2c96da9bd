// A chat turn as a workflow on the real Temporal dev server: the coordinator routes, the chosen
// persona answers with the conversation's history, tool steps and approvals are appended to the
// transcript as they happen. LangChain's fake chat model is scripted per persona.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AgentMessage, AgentTool } from '@bizosaas/nodes';
import { decideApproval, decisionId, type ChatTurnResult } from '../src/index.js';
import { startPersonaWorker } from './support/persona-worker.js';
import { answer, callTools, turnOf } from './support/scripted-model.js';

const APPROVER = randomUUID();

let w: Awaited<ReturnType<typeof startPersonaWorker>>;
beforeAll(async () => {
  w = await startPersonaWorker({ approver: [APPROVER] });
});
afterAll(() => w?.close());

const startTurn = (persona: string, history: AgentMessage[], tools: AgentTool[] = []) =>
  w.startTurn(persona, history, tools);

const transcript = (turnId: string) =>
  w.platform.chat.appended.filter((a) => a.turnId === turnId).flatMap((a) => a.messages);

test('the orchestrator routes the request to the right persona, which answers with the history', async () => {
  w.scripts.set('AgentCoordinator', () =>
    answer(JSON.stringify({ persona: 'seo_specialist', reason: 'a search question' })),
  );
  w.scripts.set('SEOSpecialist', () => answer('Target "invoice automation".'));
  w.seen.length = 0;
  const history: AgentMessage[] = [
    { role: 'user', content: 'Hello' },
    { role: 'assistant', content: 'Hi, how can I help?' },
    { role: 'user', content: 'Which keyword should our invoicing page rank for?' },
  ];
  const handle = await startTurn('agent_coordinator', history);
  const result = (await handle.result()) as ChatTurnResult;
  const turnId = handle.workflowId.split('/')[2]!;

  expect(result).toEqual({ persona: 'seo_specialist', text: 'Target "invoice automation".' });
  expect(w.seen.map((s) => s.persona)).toEqual(['AgentCoordinator', 'SEOSpecialist']);
  // The coordinator reads the request; the persona gets the whole conversation.
  expect(w.seen[0]!.conversation.slice(1).map((m) => m.content)).toEqual([
    'Which keyword should our invoicing page rank for?',
  ]);
  expect(w.seen[1]!.conversation.slice(1).map((m) => m.content)).toEqual(
    history.map((m) => m.content),
  );
  expect(transcript(turnId).map((m) => [m.kind, m.persona, m.content])).toEqual([
    ['route', 'seo_specialist', 'SEOSpecialist takes this request.'],
    ['answer', 'seo_specialist', 'Target "invoice automation".'],
  ]);
  expect(w.platform.chat.finished.find((f) => f.turnId === turnId)?.status).toBe('done');
});

test('a write tool’s approval appears in the transcript; rejected, the agent is told and says so', async () => {
  // The unified CMS node writes, so it waits for a person; the ContentCreator may use CMS tools.
  const tools = [
    { operation: 'cms.create_content', connectionId: randomUUID(), requireApproval: false },
  ];
  w.scripts.set('ContentCreator', (conversation) =>
    turnOf(conversation) === 0
      ? callTools(
          [{ name: 'cms_create_content', args: { title: 'Spring sale', body: '<p>Hi</p>' } }],
          'I create the draft.',
        )
      : answer(`Not created: ${String(conversation.at(-1)?.content)}`),
  );
  const handle = await startTurn(
    'content_creator',
    [{ role: 'user', content: 'Draft a post' }],
    tools,
  );
  const turnId = handle.workflowId.split('/')[2]!;
  const task = await w.platform.taskOf(turnId);
  expect(task).toMatchObject({
    flowId: expect.any(String),
    title: 'ContentCreator wants to call cms_create_content',
    description: 'I create the draft.',
  });
  await expect.poll(() => transcript(turnId).map((m) => m.kind)).toEqual(['approval']);
  expect(transcript(turnId)[0]!.data).toEqual({ taskId: task.taskId });
  await decideApproval(w.h.client, handle.workflowId, 1, {
    taskId: task.taskId,
    decisionId: decisionId(task.taskId, APPROVER),
    userId: APPROVER,
    decision: 'reject',
    comment: 'not this week',
    form: {},
  });
  const result = (await handle.result()) as ChatTurnResult;
  expect(result.text).toMatch(
    /^Not created: refused: a person did not approve this call: not this week/,
  );
  const lines = transcript(turnId);
  expect(lines.map((m) => m.kind)).toEqual(['approval', 'step', 'answer']);
  expect(lines[1]!.data).toMatchObject({
    tools: [{ name: 'cms_create_content', status: 'rejected', args: { title: 'Spring sale' } }],
  });
});

test('a turn that fails says why in the transcript and ends as failed', async () => {
  w.scripts.set('LeadScoring', () => {
    throw new Error('the model is down');
  });
  const handle = await startTurn('lead_scoring', [{ role: 'user', content: 'Score Ada' }]);
  const turnId = handle.workflowId.split('/')[2]!;
  await handle.result();
  const lines = transcript(turnId);
  expect(lines.map((m) => m.kind)).toEqual(['error']);
  expect(lines[0]!.content).toMatch(/the model is down/);
  expect(w.platform.chat.finished.find((f) => f.turnId === turnId)?.status).toBe('failed');
});
