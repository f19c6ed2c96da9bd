// A chat turn as a workflow on the real Temporal dev server: the coordinator routes, the chosen
// persona answers with the conversation's history, tool steps and approvals are appended to the
// transcript as they happen. LangChain's fake chat model is scripted per persona.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { BaseMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { AgentLimitsSchema, type AgentMessage, type AgentTool } from '@bizosaas/nodes';
import {
  AGENT_CHAT_WORKFLOW,
  decideApproval,
  decisionId,
  type ChatTurnInput,
  type ChatTurnResult,
} from '../src/index.js';
import { createFlowWorker, createLogger } from '../src/worker.js';
import { startFakePlatform } from './support/fake-platform.js';
import { startHarness, TENANT, type Harness } from './support/harness.js';
import { answer, callTools, ScriptedChatModel, turnOf } from './support/scripted-model.js';
import { testExecutors, testNodeTypes } from './support/test-nodes.js';

const APPROVER = randomUUID();
type Script = (conversation: BaseMessage[]) => ReturnType<typeof answer>;
const scripts = new Map<string, Script>();
const seen: { persona: string; conversation: BaseMessage[] }[] = [];
const personaOf = (conversation: BaseMessage[]) =>
  /\(([A-Za-z]+)\)/.exec(String(conversation[0]?.content))?.[1] ?? '';

let h: Harness;
let platform: Awaited<ReturnType<typeof startFakePlatform>>;
let worker: Worker;
let running: Promise<void>;
let connection: NativeConnection;

beforeAll(async () => {
  h = await startHarness({ worker: false });
  platform = await startFakePlatform(h.config, { approver: [APPROVER] });
  connection = await NativeConnection.connect({ address: h.config.TEMPORAL_ADDRESS });
  worker = await createFlowWorker({
    config: h.config,
    connection,
    taskQueue: h.taskQueue,
    logger: createLogger('warn', new Writable({ write: (_c, _e, done) => done() })),
    nodeTypes: testNodeTypes,
    executors: testExecutors,
    chatModels: () =>
      new ScriptedChatModel(async (conversation) => {
        const persona = personaOf(conversation);
        seen.push({ persona, conversation });
        const script = scripts.get(persona);
        if (!script) throw new Error(`no script for ${persona}`);
        return script(conversation);
      }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await platform?.close();
  await h?.close();
});

function startTurn(persona: string, history: AgentMessage[], tools: AgentTool[] = []) {
  const input: ChatTurnInput = {
    tenantId: TENANT,
    conversationId: randomUUID(),
    turnId: randomUUID(),
    persona,
    history,
    model: '',
    tools,
    approvers: { users: [], roles: ['approver'] },
    limits: AgentLimitsSchema.parse({}),
    outbound: { allowPrivateNetworks: false, allowedHosts: [] },
    maxOutputBytes: 1_000_000,
    platformTaskQueue: platform.taskQueue,
  };
  return h.client.workflow.start(AGENT_CHAT_WORKFLOW, {
    taskQueue: h.taskQueue,
    workflowId: `${TENANT}/${input.conversationId}/${input.turnId}`,
    args: [input],
  });
}

const transcript = (turnId: string) =>
  platform.chat.appended.filter((a) => a.turnId === turnId).flatMap((a) => a.messages);

test('the orchestrator routes the request to the right persona, which answers with the history', async () => {
  scripts.set('AgentCoordinator', () =>
    answer(JSON.stringify({ persona: 'seo_specialist', reason: 'a search question' })),
  );
  scripts.set('SEOSpecialist', () => answer('Target "invoice automation".'));
  seen.length = 0;
  const history: AgentMessage[] = [
    { role: 'user', content: 'Hello' },
    { role: 'assistant', content: 'Hi, how can I help?' },
    { role: 'user', content: 'Which keyword should our invoicing page rank for?' },
  ];
  const handle = await startTurn('agent_coordinator', history);
  const result = (await handle.result()) as ChatTurnResult;
  const turnId = handle.workflowId.split('/')[2]!;

  expect(result).toEqual({ persona: 'seo_specialist', text: 'Target "invoice automation".' });
  expect(seen.map((s) => s.persona)).toEqual(['AgentCoordinator', 'SEOSpecialist']);
  // The coordinator reads the request; the persona gets the whole conversation.
  expect(seen[0]!.conversation.slice(1).map((m) => m.content)).toEqual([
    'Which keyword should our invoicing page rank for?',
  ]);
  expect(seen[1]!.conversation.slice(1).map((m) => m.content)).toEqual(
    history.map((m) => m.content),
  );
  expect(transcript(turnId).map((m) => [m.kind, m.persona, m.content])).toEqual([
    ['route', 'seo_specialist', 'SEOSpecialist takes this request.'],
    ['answer', 'seo_specialist', 'Target "invoice automation".'],
  ]);
  expect(platform.chat.finished.find((f) => f.turnId === turnId)?.status).toBe('done');
});

test('a write tool’s approval appears in the transcript; rejected, the agent is told and says so', async () => {
  // The unified CMS node writes, so it waits for a person; the ContentCreator may use CMS tools.
  const tools = [
    { operation: 'cms.create_content', connectionId: randomUUID(), requireApproval: false },
  ];
  scripts.set('ContentCreator', (conversation) =>
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
  const task = await platform.taskOf(turnId);
  expect(task).toMatchObject({
    flowId: expect.any(String),
    title: 'ContentCreator wants to call cms_create_content',
    description: 'I create the draft.',
  });
  await expect.poll(() => transcript(turnId).map((m) => m.kind)).toEqual(['approval']);
  expect(transcript(turnId)[0]!.data).toEqual({ taskId: task.taskId });
  await decideApproval(h.client, handle.workflowId, 1, {
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
  scripts.set('LeadScoring', () => {
    throw new Error('the model is down');
  });
  const handle = await startTurn('lead_scoring', [{ role: 'user', content: 'Score Ada' }]);
  const turnId = handle.workflowId.split('/')[2]!;
  await handle.result();
  const lines = transcript(turnId);
  expect(lines.map((m) => m.kind)).toEqual(['error']);
  expect(lines[0]!.content).toMatch(/the model is down/);
  expect(platform.chat.finished.find((f) => f.turnId === turnId)?.status).toBe('failed');
});
