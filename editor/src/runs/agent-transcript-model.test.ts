import { describe, expect, it } from 'vitest';
import {
  formatCost,
  nodeRunKeyOf,
  toolStatus,
  transcriptsOf,
  usageLine,
  type AgentTranscript,
  type ToolOutcome,
} from './agent-transcript-model';

const transcript = (nodeKey: string) => ({ nodeKey }) as AgentTranscript;
const call = { id: 'c1', name: 'wordpress_create_post', args: { title: 'Spring' } };

describe('an agent transcript in words', () => {
  it('belongs to its node run, a crew’s members included, not to a node whose key starts alike', () => {
    const all = ['agent', 'agent:0', 'agent:manager', 'agent2', 'other'].map(transcript);
    expect(transcriptsOf(all, 'agent').map((t) => t.nodeKey)).toEqual([
      'agent',
      'agent:0',
      'agent:manager',
    ]);
  });

  it('finds a looped agent’s steps by the iteration’s key', () => {
    expect(nodeRunKeyOf({ nodeId: 'agent' })).toBe('agent');
    expect(nodeRunKeyOf({ nodeId: 'agent', iteration: [2, 0] })).toBe('agent:2.0');
  });

  it('says what each tool call came to, approvals and refusals included', () => {
    const outcome = (o: Partial<ToolOutcome>) =>
      ({ call, result: '', status: 'ok', ...o }) as ToolOutcome;
    expect(toolStatus(outcome({}))).toBe('ran');
    expect(toolStatus(outcome({ status: 'refused' }))).toBe(
      'refused: not one of this agent’s tools',
    );
    const approval = { taskId: 't', decidedBy: 'u', comment: null };
    expect(toolStatus(outcome({ approval: { ...approval, decision: 'approved' } }))).toBe(
      'approved, then ran',
    );
    expect(
      toolStatus(
        outcome({
          status: 'rejected',
          approval: { ...approval, decision: 'rejected', comment: 'not this week' },
        }),
      ),
    ).toBe('not run: rejected (“not this week”)');
  });

  it('gives tokens, cost and latency of a step', () => {
    expect(
      usageLine({ inputTokens: 1200, outputTokens: 80, costUsd: 0.00042, latencyMs: 1530 }),
    ).toBe('1200 tokens in · 80 out · $0.0004 · 1.5 s');
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(1.234)).toBe('$1.23');
  });
});
