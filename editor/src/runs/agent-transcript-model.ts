// The words of an agent's transcript on the run page, kept apart from the component so they are
// tested without a browser.
import type { Outputs } from '../api/client';
import { formatDuration } from './node-states';

export type AgentTranscript = Outputs['runs']['agentTranscript'][number];
export type TranscriptStep = AgentTranscript['steps'][number];
export type ToolOutcome = TranscriptStep['tools'][number];

/** A node run's key as the runtime forms it (and the decision log files its steps under). */
export function nodeRunKeyOf(run: { nodeId: string; iteration?: number[] | undefined }): string {
  return run.iteration?.length ? `${run.nodeId}:${run.iteration.join('.')}` : run.nodeId;
}

/** The transcripts of one node run: its own, and those of its members (a crew's `key:…`). */
export function transcriptsOf(all: AgentTranscript[], nodeKey: string): AgentTranscript[] {
  return all.filter((t) => t.nodeKey === nodeKey || t.nodeKey.startsWith(`${nodeKey}:`));
}

export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function usageLine(usage: {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
}): string {
  return `${usage.inputTokens} tokens in · ${usage.outputTokens} out · ${formatCost(usage.costUsd)} · ${formatDuration(usage.latencyMs)}`;
}

export function stepTitle(step: TranscriptStep): string {
  return `Step ${step.step} · ${step.model}`;
}

const TOOL_STATUS: Record<ToolOutcome['status'], string> = {
  ok: 'ran',
  failed: 'failed',
  refused: 'refused: not one of this agent’s tools',
  rejected: 'not run: rejected',
};

/** What happened to a tool call, in words, with the approval when there was one. */
export function toolStatus(outcome: ToolOutcome): string {
  const approval = outcome.approval;
  if (!approval) return TOOL_STATUS[outcome.status];
  const decided = approval.decision === 'approved' ? 'approved' : approval.decision;
  const comment = approval.comment ? ` (“${approval.comment}”)` : '';
  return outcome.status === 'rejected'
    ? `not run: ${decided}${comment}`
    : `${decided}${comment}, then ${TOOL_STATUS[outcome.status]}`;
}

export const ROLE_LABEL: Record<string, string> = {
  system: 'Instructions',
  user: 'Task',
  assistant: 'Agent',
  tool: 'Tool result',
};
