// Flows: drafts with optimistic concurrency, validation, publishing into immutable versions,
// history (list, diff, restore), duplicate, archive, import and export.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import {
  compile,
  exportFlow,
  FlowGraphSchema,
  FlowValidationError,
  importFlow,
  validate,
  type FlowDefinition,
  type FlowGraph,
} from '@bizosaas/shared';
import { FlowEntity, FlowVersionEntity, WebhookEndpointEntity, type Flow } from '../db/entities.js';
import { randomToken } from '../auth/tokens.js';
import { AppError } from '../errors.js';
import { webhookSecretPath } from '../secrets/vault.js';
import { actorOf, recordAudit } from '../services/audit.js';
import { diffGraphs } from '../services/flow-diff.js';
import { applyTrigger, setTriggerActive } from '../services/triggers.js';
import { router, tenantProcedure, type Context } from '../trpc/init.js';
import { EMPTY_GRAPH, StrictFlowGraphSchema } from '../trpc/flow-schemas.js';
import { id, limit, name, strict, tag } from '../trpc/schemas.js';

const description = z.string().max(2000);
const tags = z.array(tag).max(20);
const revision = z.int().min(1);
const version = z.int().min(1);

type Scoped = Pick<Context, 'em'> & { tenant: { id: string } };

/** Loads a flow of the caller's tenant; another tenant's flow is indistinguishable from none. */
export async function loadFlow(
  ctx: Scoped,
  flowId: string,
  em: EntityManager = ctx.em,
): Promise<Flow> {
  const flow = await em.findOne(FlowEntity, { id: flowId, tenantId: ctx.tenant.id });
  if (!flow) throw new AppError('NOT_FOUND', 'no such flow');
  return flow;
}

export async function loadVersion(ctx: Scoped, flowId: string, versionNumber: number) {
  const row = await ctx.em.findOne(FlowVersionEntity, {
    tenantId: ctx.tenant.id,
    flowId,
    version: versionNumber,
  });
  if (!row) throw new AppError('NOT_FOUND', `flow has no version ${versionNumber}`);
  return row;
}

function summary(flow: Omit<Flow, 'draft'>) {
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    tags: flow.tags,
    revision: flow.revision,
    publishedVersion: flow.publishedVersion,
    active: flow.active,
    archived: flow.archivedAt !== null,
    createdAt: flow.createdAt,
    updatedAt: flow.updatedAt,
  };
}

const asGraph = (value: unknown): FlowGraph => FlowGraphSchema.parse(value);

async function createFlow(
  ctx: Context & { tenant: { id: string }; caller: { userId: string } },
  fields: { name: string; description: string; tags: string[]; draft: FlowGraph },
  action: string,
  data: Record<string, unknown> = {},
) {
  const now = new Date();
  const flow: Flow = {
    id: randomUUID(),
    tenantId: ctx.tenant.id,
    ...fields,
    revision: 1,
    publishedVersion: null,
    active: false,
    archivedAt: null,
    createdBy: ctx.caller.userId,
    createdAt: now,
    updatedBy: ctx.caller.userId,
    updatedAt: now,
  };
  await ctx.em.transactional(async (tx) => {
    await tx.insert(FlowEntity, flow);
    await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
      tenantId: ctx.tenant.id,
      action,
      targetType: 'flow',
      targetId: flow.id,
      data: { name: flow.name, ...data },
    });
  });
  return { ...summary(flow), draft: flow.draft };
}

/** Writes a new draft if `expected` is still the current revision; a stale save is refused. */
async function writeDraft(
  ctx: Scoped & { caller: { userId: string } },
  em: EntityManager,
  flowId: string,
  expected: number,
  changes: Partial<Pick<Flow, 'draft' | 'name' | 'description' | 'tags'>>,
): Promise<number> {
  const updated = await em.nativeUpdate(
    FlowEntity,
    { id: flowId, tenantId: ctx.tenant.id, revision: expected, archivedAt: null },
    { ...changes, revision: expected + 1, updatedBy: ctx.caller.userId, updatedAt: new Date() },
  );
  if (updated === 1) return expected + 1;
  const flow = await loadFlow(ctx, flowId, em);
  if (flow.archivedAt) throw new AppError('CONFLICT', 'the flow is archived; unarchive it to edit');
  throw new AppError(
    'CONFLICT',
    `the flow was changed since revision ${expected} (now ${flow.revision}); reload and reapply your edit`,
    { currentRevision: flow.revision },
  );
}

export const flowsRouter = router({
  list: tenantProcedure
    .input(
      strict({
        search: z.string().max(200).optional(),
        tags: tags.optional(),
        archived: z.boolean().default(false),
        limit,
        offset: z.int().min(0).max(100_000).default(0),
      }).optional(),
    )
    .query(async ({ ctx, input }) => {
      const filter = input ?? { archived: false, limit: 50, offset: 0 };
      const where: Record<string, unknown> = {
        tenantId: ctx.tenant.id,
        archivedAt: filter.archived ? { $ne: null } : null,
      };
      if (filter.search) {
        const pattern = `%${filter.search.replace(/[\\%_]/g, '\\$&')}%`;
        where.$or = [{ name: { $ilike: pattern } }, { description: { $ilike: pattern } }];
      }
      if (filter.tags?.length) where.tags = { $contains: filter.tags };
      const [flows, total] = await ctx.em.findAndCount(FlowEntity, where, {
        orderBy: { updatedAt: 'desc' },
        limit: filter.limit,
        offset: filter.offset,
        exclude: ['draft'],
      });
      return { flows: flows.map(summary), total };
    }),

  get: tenantProcedure.input(strict({ flowId: id })).query(async ({ ctx, input }) => {
    const flow = await loadFlow(ctx, input.flowId);
    return { ...summary(flow), draft: asGraph(flow.draft) };
  }),

  create: tenantProcedure
    .input(
      strict({
        name,
        description: description.default(''),
        tags: tags.default([]),
        graph: StrictFlowGraphSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      createFlow(
        ctx,
        {
          name: input.name,
          description: input.description,
          tags: input.tags,
          draft: input.graph ?? EMPTY_GRAPH,
        },
        'flow.created',
      ),
    ),

  saveDraft: tenantProcedure
    .input(
      strict({
        flowId: id,
        revision,
        graph: StrictFlowGraphSchema.optional(),
        name: name.optional(),
        description: description.optional(),
        tags: tags.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { flowId, revision: expected, graph, ...fields } = input;
      const changes = { ...fields, ...(graph ? { draft: graph } : {}) };
      const next = await ctx.em.transactional(async (tx) => {
        const saved = await writeDraft(ctx, tx, flowId, expected, changes);
        await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
          tenantId: ctx.tenant.id,
          action: 'flow.saved',
          targetType: 'flow',
          targetId: flowId,
          data: { revision: saved, fields: Object.keys(changes) },
        });
        return saved;
      });
      return { flowId, revision: next };
    }),

  /**
   * Name, description and tags, apart from the draft: they leave the revision alone, so renaming
   * a flow never turns the canvas's next autosave into a conflict.
   */
  update: tenantProcedure
    .input(
      strict({
        flowId: id,
        name: name.optional(),
        description: description.optional(),
        tags: tags.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { flowId, ...changes } = input;
      await ctx.em.transactional(async (tx) => {
        const updated = await tx.nativeUpdate(
          FlowEntity,
          { id: flowId, tenantId: ctx.tenant.id, archivedAt: null },
          { ...changes, updatedBy: ctx.caller.userId, updatedAt: new Date() },
        );
        if (updated === 0) {
          await loadFlow(ctx, flowId, tx);
          throw new AppError('CONFLICT', 'the flow is archived; unarchive it to edit');
        }
        await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
          tenantId: ctx.tenant.id,
          action: 'flow.updated',
          targetType: 'flow',
          targetId: flowId,
          data: changes,
        });
      });
      const { draft: _draft, ...flow } = await loadFlow(ctx, flowId);
      return summary(flow);
    }),

  validate: tenantProcedure
    .input(z.union([strict({ flowId: id }), strict({ graph: StrictFlowGraphSchema })]))
    .query(async ({ ctx, input }) => {
      const graph = 'graph' in input ? input.graph : (await loadFlow(ctx, input.flowId)).draft;
      const problems = validate(graph, ctx.services.catalog);
      return { valid: !problems.some((p) => p.severity === 'error'), problems };
    }),

  publish: tenantProcedure
    .input(strict({ flowId: id, revision }))
    .mutation(async ({ ctx, input }) => {
      return ctx.em.transactional(async (tx) => {
        // Locks the flow row: concurrent publishes of one flow get consecutive version numbers.
        const [locked] = await tx
          .getConnection()
          .execute<{ id: string }[]>(
            'SELECT id FROM flows WHERE id = ? AND tenant_id = ? FOR UPDATE',
            [input.flowId, ctx.tenant.id],
          );
        if (!locked) throw new AppError('NOT_FOUND', 'no such flow');
        const flow = await loadFlow(ctx, input.flowId, tx);
        if (flow.archivedAt)
          throw new AppError('CONFLICT', 'the flow is archived; unarchive it to publish');
        if (flow.revision !== input.revision)
          throw new AppError(
            'CONFLICT',
            `the draft changed since revision ${input.revision} (now ${flow.revision}); review it before publishing`,
            { currentRevision: flow.revision },
          );
        let definition: FlowDefinition;
        try {
          definition = compile(flow.draft, ctx.services.catalog);
        } catch (error) {
          if (error instanceof FlowValidationError)
            throw new AppError('INVALID_FLOW', error.message, { problems: error.problems });
          throw error;
        }
        const versionNumber = (flow.publishedVersion ?? 0) + 1;
        const active = flow.publishedVersion === null ? true : flow.active;
        await tx.insert(FlowVersionEntity, {
          id: randomUUID(),
          tenantId: ctx.tenant.id,
          flowId: flow.id,
          version: versionNumber,
          graph: flow.draft,
          // compile() returns a frozen object; the ORM annotates query params in place.
          definition: structuredClone(definition),
          createdBy: ctx.caller.userId,
          createdAt: new Date(),
        });
        await tx.nativeUpdate(
          FlowEntity,
          { id: flow.id, tenantId: ctx.tenant.id },
          { publishedVersion: versionNumber, active, updatedAt: new Date() },
        );
        const webhook = await applyTrigger(
          tx,
          ctx.services,
          { tenantId: ctx.tenant.id, flowId: flow.id, active },
          versionNumber,
          definition,
        );
        await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
          tenantId: ctx.tenant.id,
          action: 'flow.published',
          targetType: 'flow',
          targetId: flow.id,
          data: { version: versionNumber, hash: definition.hash },
        });
        return {
          flowId: flow.id,
          version: versionNumber,
          hash: definition.hash,
          webhook: webhook ?? null,
        };
      });
    }),

  versions: tenantProcedure.input(strict({ flowId: id })).query(async ({ ctx, input }) => {
    await loadFlow(ctx, input.flowId);
    const versions = await ctx.em.find(
      FlowVersionEntity,
      { tenantId: ctx.tenant.id, flowId: input.flowId },
      { orderBy: { version: 'desc' }, fields: ['version', 'createdBy', 'createdAt', 'definition'] },
    );
    return versions.map((v) => ({
      version: v.version,
      createdBy: v.createdBy,
      createdAt: v.createdAt,
      hash: (v.definition as FlowDefinition).hash,
    }));
  }),

  getVersion: tenantProcedure
    .input(strict({ flowId: id, version }))
    .query(async ({ ctx, input }) => {
      const row = await loadVersion(ctx, input.flowId, input.version);
      return {
        flowId: row.flowId,
        version: row.version,
        graph: asGraph(row.graph),
        definition: row.definition as FlowDefinition,
        createdBy: row.createdBy,
        createdAt: row.createdAt,
      };
    }),

  diff: tenantProcedure
    .input(
      strict({
        flowId: id,
        from: z.union([version, z.literal('draft')]),
        to: z.union([version, z.literal('draft')]),
      }),
    )
    .query(async ({ ctx, input }) => {
      const graphOf = async (which: number | 'draft') =>
        asGraph(
          which === 'draft'
            ? (await loadFlow(ctx, input.flowId)).draft
            : (await loadVersion(ctx, input.flowId, which)).graph,
        );
      return diffGraphs(await graphOf(input.from), await graphOf(input.to));
    }),

  restoreVersion: tenantProcedure
    .input(strict({ flowId: id, version, revision }))
    .mutation(async ({ ctx, input }) => {
      const row = await loadVersion(ctx, input.flowId, input.version);
      const next = await ctx.em.transactional(async (tx) => {
        const saved = await writeDraft(ctx, tx, input.flowId, input.revision, { draft: row.graph });
        await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
          tenantId: ctx.tenant.id,
          action: 'flow.version_restored',
          targetType: 'flow',
          targetId: input.flowId,
          data: { version: input.version, revision: saved },
        });
        return saved;
      });
      return { flowId: input.flowId, revision: next };
    }),

  duplicate: tenantProcedure
    .input(strict({ flowId: id, name: name.optional() }))
    .mutation(async ({ ctx, input }) => {
      const source = await loadFlow(ctx, input.flowId);
      return createFlow(
        ctx,
        {
          name: input.name ?? `${source.name} (copy)`.slice(0, 200),
          description: source.description,
          tags: source.tags,
          draft: asGraph(source.draft),
        },
        'flow.duplicated',
        { from: source.id },
      );
    }),

  archive: tenantProcedure.input(strict({ flowId: id })).mutation(async ({ ctx, input }) => {
    await loadFlow(ctx, input.flowId);
    await ctx.em.transactional(async (tx) => {
      await tx.nativeUpdate(
        FlowEntity,
        { id: input.flowId, tenantId: ctx.tenant.id },
        { archivedAt: new Date(), active: false, updatedAt: new Date() },
      );
      await setTriggerActive(tx, ctx.services, ctx.tenant.id, input.flowId, false);
      await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
        tenantId: ctx.tenant.id,
        action: 'flow.archived',
        targetType: 'flow',
        targetId: input.flowId,
      });
    });
    return { flowId: input.flowId, archived: true };
  }),

  unarchive: tenantProcedure.input(strict({ flowId: id })).mutation(async ({ ctx, input }) => {
    await loadFlow(ctx, input.flowId);
    await ctx.em.transactional(async (tx) => {
      await tx.nativeUpdate(
        FlowEntity,
        { id: input.flowId, tenantId: ctx.tenant.id },
        { archivedAt: null, updatedAt: new Date() },
      );
      await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
        tenantId: ctx.tenant.id,
        action: 'flow.unarchived',
        targetType: 'flow',
        targetId: input.flowId,
      });
    });
    // Triggers stay paused: resuming them is a separate, deliberate `setActive`.
    return { flowId: input.flowId, archived: false };
  }),

  setActive: tenantProcedure
    .input(strict({ flowId: id, active: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const flow = await loadFlow(ctx, input.flowId);
      if (input.active && flow.archivedAt) throw new AppError('CONFLICT', 'the flow is archived');
      if (input.active && flow.publishedVersion === null)
        throw new AppError('CONFLICT', 'publish the flow before activating it');
      await ctx.em.transactional(async (tx) => {
        await tx.nativeUpdate(
          FlowEntity,
          { id: input.flowId, tenantId: ctx.tenant.id },
          { active: input.active, updatedAt: new Date() },
        );
        await setTriggerActive(tx, ctx.services, ctx.tenant.id, input.flowId, input.active);
        await recordAudit(tx, actorOf(ctx.caller, ctx.requestId), {
          tenantId: ctx.tenant.id,
          action: input.active ? 'flow.activated' : 'flow.paused',
          targetType: 'flow',
          targetId: input.flowId,
        });
      });
      return { flowId: input.flowId, active: input.active };
    }),

  import: tenantProcedure
    .input(
      strict({
        name,
        description: description.default(''),
        tags: tags.default([]),
        /** The exported document: JSON text or the parsed object. Older schema versions are upgraded. */
        document: z.union([z.string().max(5_000_000), z.record(z.string(), z.unknown())]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const imported = importFlow(input.document);
      if (!imported.ok)
        throw new AppError('INVALID_FLOW', imported.problems[0]?.message ?? 'not a flow document', {
          problems: imported.problems,
        });
      const strictCheck = StrictFlowGraphSchema.safeParse(imported.graph);
      if (!strictCheck.success) throw strictCheck.error;
      return createFlow(
        ctx,
        {
          name: input.name,
          description: input.description,
          tags: input.tags,
          draft: imported.graph,
        },
        'flow.imported',
        imported.upgradedFrom ? { upgradedFrom: imported.upgradedFrom } : {},
      );
    }),

  export: tenantProcedure
    .input(strict({ flowId: id, version: version.optional() }))
    .query(async ({ ctx, input }) => {
      const flow = await loadFlow(ctx, input.flowId);
      const graph =
        input.version === undefined
          ? flow.draft
          : (await loadVersion(ctx, input.flowId, input.version)).graph;
      return {
        name: flow.name,
        filename: `${flow.name.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'flow'}${input.version ? `-v${input.version}` : ''}.json`,
        document: exportFlow(asGraph(graph)),
      };
    }),
});

export const webhooksRouter = router({
  get: tenantProcedure.input(strict({ flowId: id })).query(async ({ ctx, input }) => {
    await loadFlow(ctx, input.flowId);
    const endpoint = await ctx.em.findOne(WebhookEndpointEntity, {
      tenantId: ctx.tenant.id,
      flowId: input.flowId,
    });
    if (!endpoint) return null;
    const { id: endpointId, path, method, authMode, responseMode, timeoutMs, active } = endpoint;
    return { endpointId, path, method, authMode, responseMode, timeoutMs, active };
  }),

  rotateSecret: tenantProcedure.input(strict({ flowId: id })).mutation(async ({ ctx, input }) => {
    await loadFlow(ctx, input.flowId);
    const endpoint = await ctx.em.findOne(WebhookEndpointEntity, {
      tenantId: ctx.tenant.id,
      flowId: input.flowId,
    });
    if (!endpoint)
      throw new AppError(
        'NOT_FOUND',
        'the flow has no webhook endpoint; publish a webhook trigger first',
      );
    const secret = randomToken('whsec_');
    await ctx.services.secrets.write(webhookSecretPath(ctx.tenant.id, endpoint.id), { secret });
    await recordAudit(ctx.em, actorOf(ctx.caller, ctx.requestId), {
      tenantId: ctx.tenant.id,
      action: 'webhook.secret_rotated',
      targetType: 'webhook_endpoint',
      targetId: endpoint.id,
    });
    // Shown once; servers pick the new secret up within the cache lifetime (webhooks/secrets.ts).
    return { endpointId: endpoint.id, secret };
  }),
});
