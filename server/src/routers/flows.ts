// Flows: the API over services/flows.ts. A procedure validates its input, builds the caller's
// scope and calls the service; what a flow operation does lives there.
import { z } from 'zod';
import * as flows from '../services/flows.js';
import { scopeOf } from '../services/scope.js';
import { router, tenantProcedure } from '../trpc/init.js';
import { EMPTY_GRAPH, StrictFlowGraphSchema } from '../trpc/flow-schemas.js';
import { id, limit, name, strict, tag } from '../trpc/schemas.js';

const description = z.string().max(2000);
const tags = z.array(tag).max(20);
const revision = z.int().min(1);
const version = z.int().min(1);
const versionOrDraft = z.union([version, z.literal('draft')]);
const byId = strict({ flowId: id });

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
    .query(({ ctx, input }) =>
      flows.listFlows(scopeOf(ctx), input ?? { archived: false, limit: 50, offset: 0 }),
    ),

  get: tenantProcedure
    .input(byId)
    .query(({ ctx, input }) => flows.getFlow(scopeOf(ctx), input.flowId)),

  create: tenantProcedure
    .input(
      strict({
        name,
        description: description.default(''),
        tags: tags.default([]),
        graph: StrictFlowGraphSchema.optional(),
      }),
    )
    .mutation(({ ctx, input: { graph, ...fields } }) =>
      flows.createFlow(scopeOf(ctx), { ...fields, draft: graph ?? EMPTY_GRAPH }, 'flow.created'),
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
    .mutation(({ ctx, input: { flowId, revision: expected, graph, ...fields } }) =>
      flows.saveDraft(scopeOf(ctx), flowId, expected, {
        ...fields,
        ...(graph ? { draft: graph } : {}),
      }),
    ),

  update: tenantProcedure
    .input(
      strict({
        flowId: id,
        name: name.optional(),
        description: description.optional(),
        tags: tags.optional(),
      }),
    )
    .mutation(({ ctx, input: { flowId, ...changes } }) =>
      flows.updateFlow(scopeOf(ctx), flowId, changes),
    ),

  validate: tenantProcedure
    .input(z.union([byId, strict({ graph: StrictFlowGraphSchema })]))
    .query(({ ctx, input }) => flows.validateFlow(scopeOf(ctx), input)),

  publish: tenantProcedure
    .input(strict({ flowId: id, revision }))
    .mutation(({ ctx, input }) => flows.publishFlow(scopeOf(ctx), input.flowId, input.revision)),

  versions: tenantProcedure
    .input(byId)
    .query(({ ctx, input }) => flows.listVersions(scopeOf(ctx), input.flowId)),

  getVersion: tenantProcedure
    .input(strict({ flowId: id, version }))
    .query(({ ctx, input }) => flows.getVersion(scopeOf(ctx), input.flowId, input.version)),

  diff: tenantProcedure
    .input(strict({ flowId: id, from: versionOrDraft, to: versionOrDraft }))
    .query(({ ctx, input }) => flows.diffFlow(scopeOf(ctx), input.flowId, input.from, input.to)),

  restoreVersion: tenantProcedure
    .input(strict({ flowId: id, version, revision }))
    .mutation(({ ctx, input }) =>
      flows.restoreVersion(scopeOf(ctx), input.flowId, input.version, input.revision),
    ),

  duplicate: tenantProcedure
    .input(strict({ flowId: id, name: name.optional() }))
    .mutation(({ ctx, input }) => flows.duplicateFlow(scopeOf(ctx), input.flowId, input.name)),

  archive: tenantProcedure
    .input(byId)
    .mutation(({ ctx, input }) => flows.setArchived(scopeOf(ctx), input.flowId, true)),

  unarchive: tenantProcedure
    .input(byId)
    .mutation(({ ctx, input }) => flows.setArchived(scopeOf(ctx), input.flowId, false)),

  setActive: tenantProcedure
    .input(strict({ flowId: id, active: z.boolean() }))
    .mutation(({ ctx, input }) => flows.setActive(scopeOf(ctx), input.flowId, input.active)),

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
    .mutation(({ ctx, input: { document, ...fields } }) =>
      flows.importFlowDocument(scopeOf(ctx), fields, document),
    ),

  export: tenantProcedure
    .input(strict({ flowId: id, version: version.optional() }))
    .query(({ ctx, input }) => flows.exportFlowDocument(scopeOf(ctx), input.flowId, input.version)),
});
