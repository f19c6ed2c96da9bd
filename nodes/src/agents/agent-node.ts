import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';
import { AssigneesSchema, DECIDING_ROLES } from '../builtin/approval.js';
import { AgentLimitsSchema } from './limits.js';

/**
 * The connection type of LLM connections (any connector of the `llm` category); an agent without
 * one runs on the embedded local model.
 */
export const LLM_CONNECTION_TYPE = 'category:llm';

// Kept here, not with the tool resolution, so the workflow bundle never reaches the connectors.
/** One tool an agent may call: an action node type (a connector operation, a unified node, …). */
export const AgentToolSchema = z.object({
  operation: z
    .string()
    .min(1)
    .describe('The operation, as its node type (hubspot.create_contact, crm.upsert_contact, …)'),
  connectionId: z.string().optional().describe('The connection it runs on'),
  requireApproval: z
    .boolean()
    .default(false)
    .describe('Wait for a person even if the operation only reads'),
});
export type AgentTool = z.output<typeof AgentToolSchema>;

export const AgentParamsSchema = z
  .object({
    persona: z
      .string()
      .default('')
      .describe(
        'A persona from the catalog (its role, goal and backstory become the system prompt); empty for your own instructions',
      ),
    instructions: z
      .string()
      .default('')
      .describe('The system prompt; with a persona, added after the persona’s'),
    task: z.string().min(1).describe('What to do: the first user message (expressions allowed)'),
    model: z
      .string()
      .default('')
      .describe(
        'The model on the LLM connection (e.g. gpt-4o-mini); without a connection the embedded local model answers',
      ),
    tools: z.array(AgentToolSchema).default([]).describe('The only operations the agent may call'),
    approvers: AssigneesSchema.default({ users: [], roles: [...DECIDING_ROLES] }).describe(
      'Who approves a tool call that writes',
    ),
    limits: AgentLimitsSchema.default(AgentLimitsSchema.parse({})),
    outputSchema: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('A JSON Schema the final answer must match; it is then parsed on the output'),
  })
  .refine((p) => p.persona !== '' || p.instructions !== '', {
    message: 'choose a persona or write instructions',
    path: ['instructions'],
  });
export type AgentParams = z.output<typeof AgentParamsSchema>;

export const AgentOutputSchema = z.object({
  /** The final answer: parsed JSON with an output schema, else the text. */
  output: z.unknown(),
  text: z.string(),
  steps: z.number(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  costUsd: z.number(),
});
export type AgentOutput = z.output<typeof AgentOutputSchema>;

/**
 * An agent: a model that works on a task with the tenant's own operations as tools, within
 * limits, until it answers. The runtime runs it durably (each model call and each tool call is
 * one activity) and logs every step.
 */
export const agentNode = defineNode({
  type: 'agent',
  version: 1,
  kind: 'agent',
  title: 'AI agent',
  description:
    'A model that works on a task with your connections’ operations as tools; writes wait for approval.',
  category: 'AI',
  icon: 'bot',
  params: AgentParamsSchema,
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: AgentOutputSchema }],
  connectionType: LLM_CONNECTION_TYPE,
  connectionOptional: true,
});
