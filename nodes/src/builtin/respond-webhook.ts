import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';
import { RESPOND_WEBHOOK_TYPE } from '../control-nodes.js';
import { webhookTrigger } from './triggers.js';

/** What a sync webhook's caller gets back: the Respond to webhook node's output. */
export const WebhookResponseSchema = z.object({
  status: z.int().min(200).max(599),
  headers: z.record(z.string(), z.string()),
  body: z.json(),
});
export type WebhookResponse = z.infer<typeof WebhookResponseSchema>;

/**
 * Answers a sync webhook call: the caller gets this status, these headers and this body instead of
 * the default `{ runId, status }`. The interpreter keeps the first one that runs in a run; a later
 * one fails with WEBHOOK_ALREADY_ANSWERED, since an HTTP call has exactly one answer.
 */
export const respondWebhookNode = defineNode({
  type: RESPOND_WEBHOOK_TYPE,
  version: 1,
  kind: 'control',
  title: 'Respond to webhook',
  description:
    'Answers the sync webhook call that started the run: status, headers and body (expressions welcome); the caller gets it once the run ends.',
  category: 'Triggers',
  icon: 'webhook',
  params: z.object({
    status: z.int().min(200).max(599).default(200),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.json().default(null),
  }),
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main', schema: WebhookResponseSchema }],
  triggers: [webhookTrigger.type],
  evaluate: ({ params }) => ({ outputs: { main: WebhookResponseSchema.parse(params) } }),
});
