// The crew node inside runFlow, on the real Temporal dev server: each member is a durable agent
// loop driven by LangChain's fake chat model, scripted per persona (read from its system prompt).
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { BaseMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CrewOutput } from '@bizosaas/nodes';
import type { RunResult, RunState } from '../src/index.js';
import { createFlowWorker, createLogger } from '../src/worker.js';
import { startFakePlatform } from './support/fake-platform.js';
import { chain, node } from './support/flows.js';
import { startHarness, type Harness } from './support/harness.js';
import { answer, callTools, ScriptedChatModel, turnOf } from './support/scripted-model.js';
import { testExecutors, testNodeTypes } from './support/test-nodes.js';

/** Each persona's script, by the name its system prompt opens with. */
const scripts = new Map<string, (conversation: BaseMessage[]) => ReturnType<typeof answer>>();
/** Every conversation each persona was given, in order. */
const seen: { persona: string; conversation: BaseMessage[] }[] = [];

const personaOf = (conversation: BaseMessage[]) =>
  /\(([A-Za-z]+)\)/.exec(String(conversation[0]?.content))?.[1] ?? '';
const userText = (conversation: BaseMessage[]) =>
  conversation
    .filter((m) => m.getType() === 'human')
    .map((m) => String(m.content))
    .join('\n');
const toolText = (conversation: BaseMessage[]) =>
  conversation.filter((m) => m.getType() === 'tool').map((m) => String(m.content));

let h: Harness;
let platform: Awaited<ReturnType<typeof startFakePlatform>>;
let worker: Worker;
let running: Promise<void>;
let connection: NativeConnection;

beforeAll(async () => {
  h = await startHarness({ worker: false });
  platform = await startFakePlatform(h.config, {});
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

async function runCrew(crew: string, task: string) {
  const runId = randomUUID();
  const handle = await h.start(
    chain([node('crew', 'crew', { name: 'Crew', params: { crew, task } })]),
    {},
    { runId, platformTaskQueue: platform.taskQueue },
  );
  const result = (await handle.result()) as RunResult;
  const state = await handle.query<RunState>('runState');
  const output = state.nodes.find((n) => n.key === 'crew')?.output as CrewOutput;
  const log = [...platform.agentDecisions.values()].filter((d) => d.runId === runId);
  return { result, output, log };
}

describe('a crew node', () => {
  test('sequential: each member runs in order and is given the previous member’s answer', async () => {
    const plan = {
      keywords: [{ keyword: 'invoice automation', intent: 'commercial', priority: 'high' }],
    };
    scripts.set('MarketResearch', () => answer('Owners search for "invoice automation".'));
    scripts.set('CompetitiveAnalysis', () => answer('Rivals rank for "billing software" only.'));
    scripts.set('SEOSpecialist', () => answer(JSON.stringify(plan)));
    seen.length = 0;
    const { output, log } = await runCrew('keyword_research', 'Keywords for our invoicing app');

    expect(seen.map((s) => s.persona)).toEqual([
      'MarketResearch',
      'CompetitiveAnalysis',
      'SEOSpecialist',
    ]);
    expect(userText(seen[0]!.conversation)).toBe('Keywords for our invoicing app');
    expect(userText(seen[1]!.conversation)).toContain(
      'The previous step, by MarketResearch, answered:\nOwners search for "invoice automation".',
    );
    expect(userText(seen[2]!.conversation)).toContain('Rivals rank for "billing software" only.');
    // The crew's output schema (a keyword plan) is the last member's to meet, and is parsed.
    expect(output.output).toEqual(plan);
    expect(output.steps.map((s) => s.persona)).toEqual([
      'market_research',
      'competitive_analysis',
      'seo_specialist',
    ]);
    expect(output.usage).toEqual({ inputTokens: 300, outputTokens: 60 });
    // Every member's step is in the run's decision log, under its own key and name.
    expect(log.map((d) => [d.nodeKey, d.nodeName]).sort()).toEqual([
      ['crew:0', 'Crew · MarketResearch'],
      ['crew:1', 'Crew · CompetitiveAnalysis'],
      ['crew:2', 'Crew · SEOSpecialist'],
    ]);
  });

  test('hierarchical: the manager delegates sub-tasks through its delegate tool and composes the answer', async () => {
    const report = {
      title: 'What to improve',
      summary: 'Email converts; fix checkout.',
      sections: [{ heading: 'Checkout', body: 'ROI 3.0' }],
    };
    scripts.set('HierarchicalCrewOrchestrator', (conversation) => {
      switch (turnOf(conversation)) {
        case 0:
          return callTools(
            [{ name: 'delegate', args: { member: 'performance_analytics', task: 'Last month' } }],
            'First the channel performance.',
          );
        case 1:
          return callTools([{ name: 'delegate', args: { member: 'nobody', task: 'Anything' } }]);
        case 2:
          return callTools([{ name: 'delegate', args: { member: 'roi_analysis', task: 'Email' } }]);
        default:
          return answer(JSON.stringify(report));
      }
    });
    scripts.set('PerformanceAnalytics', () =>
      answer(JSON.stringify({ title: 'Channels', summary: 'Email converts best', sections: [] })),
    );
    scripts.set('ROIAnalysis', () =>
      answer(JSON.stringify({ spend: 100, revenue: 300, roi: 3, verdict: 'keep' })),
    );
    seen.length = 0;
    const { output, log } = await runCrew('data_optimization', 'Where do we lose money?');

    expect(seen.map((s) => s.persona)).toEqual([
      'HierarchicalCrewOrchestrator',
      'PerformanceAnalytics',
      'HierarchicalCrewOrchestrator',
      'HierarchicalCrewOrchestrator',
      'ROIAnalysis',
      'HierarchicalCrewOrchestrator',
    ]);
    // A member is given the sub-task the manager wrote, not the crew's request.
    expect(userText(seen[1]!.conversation)).toBe('Last month');
    const last = seen.at(-1)!.conversation;
    expect(toolText(last)).toEqual([
      JSON.stringify({ title: 'Channels', summary: 'Email converts best', sections: [] }),
      expect.stringMatching(/^error: delegate to one of performance_analytics, /),
      JSON.stringify({ spend: 100, revenue: 300, roi: 3, verdict: 'keep' }),
    ]);
    expect(output.output).toEqual(report);
    expect(output.steps.map((s) => [s.persona, s.task])).toEqual([
      ['performance_analytics', 'Last month'],
      ['roi_analysis', 'Email'],
    ]);
    const names = new Set(log.map((d) => d.nodeName));
    expect(names).toEqual(
      new Set([
        'Crew · HierarchicalCrewOrchestrator',
        'Crew · PerformanceAnalytics',
        'Crew · ROIAnalysis',
      ]),
    );
    const manager = log.filter((d) => d.nodeKey === 'crew:manager').sort((a, b) => a.step - b.step);
    expect(manager.map((d) => d.tools.map((t) => t.status))).toEqual([['ok'], ['ok'], ['ok'], []]);
  });
});
