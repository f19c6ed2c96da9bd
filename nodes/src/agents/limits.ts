import { z } from 'zod';
import { NodeError, NodeErrorCode } from '../node-error.js';

/** What stops a runaway agent: each is checked after every model call. */
export const AgentLimitsSchema = z
  .object({
    maxSteps: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe('Model calls at most (each may ask for tools)'),
    maxTokens: z
      .number()
      .int()
      .min(1)
      .default(50_000)
      .describe('Tokens in and out, summed over every model call'),
    maxSeconds: z
      .number()
      .min(1)
      .max(86_400)
      .default(300)
      .describe('Wall time, approvals excluded'),
    maxCostUsd: z
      .number()
      .min(0)
      .default(1)
      .describe('US dollars, summed over every model call (the local model costs nothing)'),
  })
  .describe('Limits');
export type AgentLimits = z.output<typeof AgentLimitsSchema>;

/** What an agent has spent so far. */
export interface AgentSpend {
  steps: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Wall time, approvals excluded. */
  elapsedMs: number;
}

/**
 * The limit the spend has gone past, as a NodeError naming the limit and both values; none while
 * within limits. Steps are checked before the next model call, so `steps` equal to the limit is over.
 */
export function limitReached(spend: AgentSpend, limits: AgentLimits): NodeError | undefined {
  const tokens = spend.inputTokens + spend.outputTokens;
  if (spend.steps >= limits.maxSteps)
    return over('steps', `${spend.steps} model calls`, String(limits.maxSteps));
  if (tokens > limits.maxTokens)
    return over('tokens', `${tokens} tokens`, String(limits.maxTokens));
  if (spend.costUsd > limits.maxCostUsd)
    return over('cost', `$${spend.costUsd.toFixed(4)}`, `$${limits.maxCostUsd}`);
  if (spend.elapsedMs > limits.maxSeconds * 1000) return timeLimitReached(spend.elapsedMs, limits);
  return undefined;
}

/** The time limit's error, also for a model call the wall time cut short. */
export function timeLimitReached(elapsedMs: number, limits: AgentLimits): NodeError {
  return over('time', `${(elapsedMs / 1000).toFixed(1)} s`, `${limits.maxSeconds} s`);
}

function over(limit: string, value: string, max: string): NodeError {
  return new NodeError(
    NodeErrorCode.AGENT_LIMIT_REACHED,
    `the agent reached its ${limit} limit (${value}, the limit is ${max})`,
  );
}
