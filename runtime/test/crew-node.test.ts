// The crew node inside runFlow, on the real Temporal dev server: each member is a durable agent
// loop driven by LangChain's fake chat model, scripted per persona (read from its system prompt).
import { randomUUID } from 'node:crypto';
import type { BaseMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CrewOutput } from '@bizosaas/nodes';
import type { RunResult, RunState } from '../src/index.js';
import { chain, node } from './support/flows.js';
import { startPersonaWorker } from './support/persona-worker.js';
import { answer, callTools, turnOf } from './support/scripted-model.js';

const userText = (conversation: BaseMessage[]) =>
  conversation
    .filter((m) => m.getType() === 'human')
    .map((m) => String(m.content))
    .join('\n');
const toolText = (conversation: BaseMessage[]) =>
  conversation.filter((m) => m.getType() === 'tool').map((m) => String(m.content));

let w: Awaited<ReturnType<typeof startPersonaWorker>>;
beforeAll(async () => {
  w = await startPersonaWorker();
});
afterAll(() => w?.close());

async function runCrew(crew: string, task: string) {
  const runId = randomUUID();
  const handle = await w.h.start(
    chain([node('crew', 'crew', { name: 'Crew', params: { crew, task } })]),
    {},
    { runId, platformTaskQueue: w.platform.taskQueue },
  );
  const result = (await handle.result()) as RunResult;
  const state = await handle.query<RunState>('runState');
  const output = state.nodes.find((n) => n.key === 'crew')?.output as CrewOutput;
  const log = [...w.platform.agentDecisions.values()].filter((d) => d.runId === runId);
  return { result, output, log };
}

describe('a crew node', () => {
  test('sequential: each member runs in order and is given the previous member’s answer', async () => {
    const plan = {
      keywords: [{ keyword: 'invoice automation', intent: 'commercial', priority: 'high' }],
    };
    w.scripts.set('MarketResearch', () => answer('Owners search for "invoice automation".'));
    w.scripts.set('CompetitiveAnalysis', () => answer('Rivals rank for "billing software" only.'));
    w.scripts.set('SEOSpecialist', () => answer(JSON.stringify(plan)));
    w.seen.length = 0;
    const { output, log } = await runCrew('keyword_research', 'Keywords for our invoicing app');

    expect(w.seen.map((s) => s.persona)).toEqual([
      'MarketResearch',
      'CompetitiveAnalysis',
      'SEOSpecialist',
    ]);
    expect(userText(w.seen[0]!.conversation)).toBe('Keywords for our invoicing app');
    expect(userText(w.seen[1]!.conversation)).toContain(
      'The previous step, by MarketResearch, answered:\nOwners search for "invoice automation".',
    );
    expect(userText(w.seen[2]!.conversation)).toContain('Rivals rank for "billing software" only.');
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
    w.scripts.set('HierarchicalCrewOrchestrator', (conversation) => {
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
    w.scripts.set('PerformanceAnalytics', () =>
      answer(JSON.stringify({ title: 'Channels', summary: 'Email converts best', sections: [] })),
    );
    w.scripts.set('ROIAnalysis', () =>
      answer(JSON.stringify({ spend: 100, revenue: 300, roi: 3, verdict: 'keep' })),
    );
    w.seen.length = 0;
    const { output, log } = await runCrew('data_optimization', 'Where do we lose money?');

    expect(w.seen.map((s) => s.persona)).toEqual([
      'HierarchicalCrewOrchestrator',
      'PerformanceAnalytics',
      'HierarchicalCrewOrchestrator',
      'HierarchicalCrewOrchestrator',
      'ROIAnalysis',
      'HierarchicalCrewOrchestrator',
    ]);
    // A member is given the sub-task the manager wrote, not the crew's request.
    expect(userText(w.seen[1]!.conversation)).toBe('Last month');
    const last = w.seen.at(-1)!.conversation;
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
