import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';
import { AssigneesSchema, DECIDING_ROLES } from '../builtin/approval.js';
import { AgentLimitsSchema } from './limits.js';
import { crews } from './personas/crews.js';
import { AgentToolSchema, LLM_CONNECTION_TYPE } from './agent-node.js';

export const CrewParamsSchema = z.object({
  crew: z
    .enum(crews.map((c) => c.key) as [string, ...string[]])
    .describe('One of the catalog’s crews: its members, their tasks and its process'),
  task: z.string().min(1).describe('What the crew is asked (expressions allowed)'),
  model: z
    .string()
    .default('')
    .describe(
      'The model on the LLM connection; without a connection the embedded local model answers',
    ),
  tools: z
    .array(AgentToolSchema)
    .default([])
    .describe(
      'The operations the crew may call; each member gets those of its tool categories only',
    ),
  approvers: AssigneesSchema.default({ users: [], roles: [...DECIDING_ROLES] }).describe(
    'Who approves a tool call that writes',
  ),
  limits: AgentLimitsSchema.default(AgentLimitsSchema.parse({})).describe(
    'Limits of each member (and of the manager)',
  ),
});
export type CrewParams = z.output<typeof CrewParamsSchema>;

export const CrewOutputSchema = z.object({
  /** The crew's answer: parsed JSON when the crew has an output schema, else the text. */
  output: z.unknown(),
  text: z.string(),
  /** Each member's (or the manager's delegations') answer, in the order they were given. */
  steps: z.array(z.object({ persona: z.string(), task: z.string(), text: z.string() })),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  costUsd: z.number(),
});
export type CrewOutput = z.output<typeof CrewOutputSchema>;

/**
 * A crew of personas working on one task: in turn (each given the previous one's answer) or under
 * a manager that delegates sub-tasks to them. Each member is a durable agent; every step is in
 * the run's decision log.
 */
export const crewNode = defineNode({
  type: 'crew',
  version: 1,
  kind: 'agent',
  title: 'AI crew',
  description:
    'Several AI personas working on one task, in turn or under a manager who delegates; writes wait for approval.',
  category: 'AI',
  icon: 'users',
  params: CrewParamsSchema,
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: CrewOutputSchema }],
  connectionType: LLM_CONNECTION_TYPE,
  connectionOptional: true,
});
