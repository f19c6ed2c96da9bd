// What publishing, pausing and archiving a flow do to its trigger: a webhook trigger gets an
// endpoint (and a secret, in OpenBao), a schedule trigger or a connector's polling trigger
// becomes a Temporal Schedule (trigger-polls.ts); a connector's push trigger needs nothing here
// (webhooks/connector-events.ts finds it from the published version).
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { FlowDefinition } from '@bizosaas/shared';
import { randomToken } from '../auth/tokens.js';
import { WebhookEndpointEntity } from '../db/entities.js';
import { AppError } from '../errors.js';
import { webhookSecretPath } from '../secrets/vault.js';
import type { Services } from '../services.js';
import { connectorTriggerOf, registeredConnectors } from './connector-triggers.js';
import { pollCursors, pollStateKey } from './trigger-polls.js';

/** Node type ids of the built-in triggers the server wires up (defined in @bizosaas/nodes). */
export const TRIGGER_TYPES = {
  webhook: 'core.webhook_trigger',
  schedule: 'core.schedule_trigger',
} as const;

// Read leniently: the node type's own schema already validated these params at publish time;
// anything it does not define takes the server's default.
const WebhookParams = z.object({
  path: z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]{0,99}$/, 'webhook path: letters, digits, . _ - (max 100)'),
  method: z.enum(['POST', 'PUT', 'PATCH', 'GET']).catch('POST'),
  auth: z
    .enum(['secret_header', 'hmac_sha256'])
    .catch('secret_header')
    .transform((auth) => (auth === 'hmac_sha256' ? ('hmac' as const) : ('header' as const))),
  responseMode: z.enum(['async', 'sync']).catch('async'),
  timeoutMs: z.int().min(100).max(120_000).catch(30_000),
});

const ScheduleParams = z
  .object({
    cron: z.string().min(1).optional(),
    intervalMs: z.int().min(1000).optional(),
    timezone: z.string().min(1).optional(),
  })
  .refine(
    (p) => p.cron !== undefined || p.intervalMs !== undefined,
    'a schedule needs cron or intervalMs',
  );

export type Trigger =
  | { kind: 'webhook'; params: z.infer<typeof WebhookParams> }
  | { kind: 'schedule'; spec: z.infer<typeof ScheduleParams> }
  | { kind: 'other' };

export function triggerOf(definition: FlowDefinition): Trigger {
  const node = definition.nodes.find((n) => n.id === definition.trigger);
  if (node?.type === TRIGGER_TYPES.webhook) {
    const parsed = WebhookParams.safeParse(node.params);
    if (!parsed.success)
      throw new AppError('INVALID_FLOW', parsed.error.issues[0]?.message ?? 'bad webhook params');
    return { kind: 'webhook', params: parsed.data };
  }
  if (node?.type === TRIGGER_TYPES.schedule) {
    const parsed = ScheduleParams.safeParse({
      timezone: definition.settings.timezone,
      ...node.params,
    });
    if (!parsed.success)
      throw new AppError('INVALID_FLOW', parsed.error.issues[0]?.message ?? 'bad schedule params');
    return { kind: 'schedule', spec: parsed.data };
  }
  return { kind: 'other' };
}

export interface WebhookInfo {
  endpointId: string;
  path: string;
  method: string;
  authMode: 'header' | 'hmac';
  responseMode: 'async' | 'sync';
  /** Only when the endpoint was just created: its secret is shown this once. */
  secret?: string;
}

/**
 * Points the flow's trigger at a newly published version. Runs inside the publish transaction;
 * a webhook path another flow of the tenant uses is a CONFLICT.
 */
export async function applyTrigger(
  tx: EntityManager,
  services: Services,
  flow: { tenantId: string; flowId: string; active: boolean },
  version: number,
  definition: FlowDefinition,
): Promise<WebhookInfo | undefined> {
  const trigger = triggerOf(definition);
  const existing = await tx.findOne(WebhookEndpointEntity, {
    tenantId: flow.tenantId,
    flowId: flow.flowId,
  });
  let webhook: WebhookInfo | undefined;
  if (trigger.kind === 'webhook') {
    const { params } = trigger;
    const clash = await tx.count(WebhookEndpointEntity, {
      tenantId: flow.tenantId,
      path: params.path,
      flowId: { $ne: flow.flowId },
    });
    if (clash)
      throw new AppError(
        'CONFLICT',
        `another flow already listens on webhook path "${params.path}"`,
      );
    const fields = {
      path: params.path,
      method: params.method,
      authMode: params.auth,
      responseMode: params.responseMode,
      timeoutMs: params.timeoutMs,
      active: flow.active,
      updatedAt: new Date(),
    };
    if (existing) {
      await tx.nativeUpdate(WebhookEndpointEntity, { id: existing.id }, fields);
      webhook = { endpointId: existing.id, ...pick(fields) };
    } else {
      const endpointId = randomUUID();
      const secret = randomToken('whsec_');
      await tx.insert(WebhookEndpointEntity, {
        id: endpointId,
        tenantId: flow.tenantId,
        flowId: flow.flowId,
        createdAt: new Date(),
        ...fields,
      });
      await services.secrets.write(webhookSecretPath(flow.tenantId, endpointId), { secret });
      webhook = { endpointId, ...pick(fields), secret };
    }
  } else if (existing) {
    await tx.nativeDelete(WebhookEndpointEntity, { id: existing.id });
    await services.secrets.remove(webhookSecretPath(flow.tenantId, existing.id));
  }
  const connectorTrigger = connectorTriggerOf(definition, registeredConnectors(services));
  if (trigger.kind === 'schedule') {
    await services.runs.upsertSchedule({
      tenantId: flow.tenantId,
      flowId: flow.flowId,
      version,
      definition,
      spec: trigger.spec,
      paused: !flow.active,
    });
  } else if (connectorTrigger?.trigger.kind === 'polling') {
    await services.runs.upsertPollSchedule({
      tenantId: flow.tenantId,
      flowId: flow.flowId,
      version,
      intervalMs: connectorTrigger.trigger.intervalMs,
      paused: !flow.active,
    });
  } else {
    await services.runs.deleteSchedule(flow.tenantId, flow.flowId);
  }
  // A flow that stops polling forgets its cursor: polling again later starts from then, with no
  // backlog. A paused one keeps it, and catches up when resumed.
  if (connectorTrigger?.trigger.kind !== 'polling')
    await pollCursors(services).clear(pollStateKey(flow.tenantId, flow.flowId));
  return webhook;
}

/** Pauses or resumes the flow's trigger (archive pauses; setActive does either). */
export async function setTriggerActive(
  tx: EntityManager,
  services: Services,
  tenantId: string,
  flowId: string,
  active: boolean,
) {
  await tx.nativeUpdate(
    WebhookEndpointEntity,
    { tenantId, flowId },
    { active, updatedAt: new Date() },
  );
  await services.runs.pauseSchedule(tenantId, flowId, !active);
}

function pick(fields: {
  path: string;
  method: string;
  authMode: 'header' | 'hmac';
  responseMode: 'async' | 'sync';
}) {
  const { path, method, authMode, responseMode } = fields;
  return { path, method, authMode, responseMode };
}
