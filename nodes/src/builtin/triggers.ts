import { z } from 'zod';
import { defineNode } from '@bizosaas/shared';

// Triggers produce the run's first data: the runtime passes the trigger payload out of `main`.

export const manualTrigger = defineNode({
  type: 'core.manual_trigger',
  version: 1,
  kind: 'trigger',
  title: 'Manual trigger',
  description: 'Starts the flow from the editor or the API with a JSON payload.',
  category: 'Triggers',
  icon: 'play',
  params: z.object({}),
  inputs: [],
  outputs: [{ name: 'main', schema: z.unknown() }],
});

export const webhookTrigger = defineNode({
  type: 'core.webhook_trigger',
  version: 1,
  kind: 'trigger',
  title: 'Webhook',
  description: 'Starts the flow when an HTTP request reaches /hooks/<tenant>/<path>.',
  category: 'Triggers',
  icon: 'webhook',
  params: z.object({
    path: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'lowercase letters, digits, - and _'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
    /** How the server authenticates the caller before starting a run. */
    auth: z.enum(['secret_header', 'hmac_sha256']).default('secret_header'),
    /** async: answer 202 with the run id once the call is queued; sync: answer with the result. */
    responseMode: z.enum(['async', 'sync']).default('async'),
    /** sync only: how long the caller waits for the result before a 504. */
    timeoutMs: z.int().min(100).max(120_000).default(30_000),
  }),
  inputs: [],
  outputs: [
    {
      name: 'main',
      schema: z.object({
        method: z.string(),
        headers: z.record(z.string(), z.string()),
        query: z.record(z.string(), z.string()),
        body: z.unknown(),
      }),
    },
  ],
});

export const scheduleTrigger = defineNode({
  type: 'core.schedule_trigger',
  version: 1,
  kind: 'trigger',
  title: 'Schedule',
  description:
    'Starts the flow on a cron schedule or every N milliseconds (a Temporal Schedule created on publish).',
  category: 'Triggers',
  icon: 'clock',
  params: z
    .object({
      cron: z
        .string()
        .regex(/^(\S+\s+){4}\S+$/, 'a five-field cron expression')
        .optional(),
      intervalMs: z.int().min(1_000).optional(),
      timezone: z.string().min(1).default('UTC'),
    })
    .refine((p) => p.cron !== undefined || p.intervalMs !== undefined, {
      message: 'a schedule needs a cron expression or an interval',
    }),
  inputs: [],
  outputs: [{ name: 'main', schema: z.object({ scheduledAt: z.string() }) }],
});
