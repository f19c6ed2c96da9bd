// Runs: test a draft (pinning its payload as the flow's test data), start a published version,
// list and inspect (from Temporal, filtered by the caller's tenant), show the graph a run ran,
// cancel, and re-run with the same input.
import { z } from 'zod';
import {
  FlowGraphSchema,
  JsonValueSchema,
  RUN_FILTER_STATUSES,
  type FlowDefinition,
} from '@bizosaas/shared';
import { transcriptOf } from '../agents/decision-log.js';
import { AppError } from '../errors.js';
import type { StartRunInput } from '../runs/gateway.js';
import { startDraftRun } from '../runs/draft-runs.js';
import { loadSnapshot } from '../runs/snapshots.js';
import { clearTestData, pinTestData, testDataOf } from '../runs/test-data.js';
import { audit } from '../services/audit.js';
import { loadFlow, loadVersion } from '../services/flows.js';
import { scopeOf, type Scope } from '../services/scope.js';
import { router, tenantProcedure } from '../trpc/init.js';
import { id, isoDate, strict } from '../trpc/schemas.js';

const runId = z.string().regex(/^[\w./:-]{1,300}$/, 'must be a run id');
const payload = JsonValueSchema.default({});

async function startRun(scope: Scope, input: StartRunInput, action: string) {
  const { runId: started } = await scope.services.runs.start(input);
  scope.services.metrics.runsStarted.inc({ trigger: input.trigger.kind });
  const data = { flowId: input.flowId, version: input.version };
  await audit(scope, { action, targetType: 'run', targetId: started, data });
  return { runId: started, flowId: input.flowId, version: input.version };
}

export const runsRouter = router({
  testRun: tenantProcedure
    .input(strict({ flowId: id, payload }))
    .mutation(async ({ ctx, input }) => {
      const scope = scopeOf(ctx);
      const flow = await loadFlow(scope, input.flowId);
      const runId = await startDraftRun(ctx.services, ctx.em, {
        tenantId: ctx.tenant.id,
        flowId: flow.id,
        draft: flow.draft,
        payload: input.payload,
        startedBy: ctx.caller.userId,
      });
      const started = { runId, flowId: flow.id, version: 0 };
      await audit(scope, {
        action: 'run.test_started',
        targetType: 'run',
        targetId: runId,
        data: { flowId: flow.id, version: 0 },
      });
      await pinTestData(ctx.em, {
        tenantId: ctx.tenant.id,
        flowId: flow.id,
        payload: input.payload,
        runId,
        pinnedBy: ctx.caller.userId,
      });
      return started;
    }),

  /** The flow's pinned test data: the latest test run's payload and run id, or null. */
  testData: tenantProcedure.input(strict({ flowId: id })).query(async ({ ctx, input }) => {
    const flow = await loadFlow(scopeOf(ctx), input.flowId);
    const pinned = await testDataOf(ctx.em, ctx.tenant.id, flow.id);
    return pinned && { ...pinned, pinnedAt: new Date(pinned.pinnedAt).toISOString() };
  }),

  clearTestData: tenantProcedure.input(strict({ flowId: id })).mutation(async ({ ctx, input }) => {
    const scope = scopeOf(ctx);
    const flow = await loadFlow(scope, input.flowId);
    const cleared = await clearTestData(ctx.em, ctx.tenant.id, flow.id);
    if (cleared)
      await audit(scope, {
        action: 'flow.test_data_cleared',
        targetType: 'flow',
        targetId: flow.id,
      });
    return { flowId: flow.id, cleared };
  }),

  start: tenantProcedure
    .input(strict({ flowId: id, version: z.int().min(1).optional(), payload }))
    .mutation(async ({ ctx, input }) => {
      const scope = scopeOf(ctx);
      const flow = await loadFlow(scope, input.flowId);
      const versionNumber = input.version ?? flow.publishedVersion;
      if (versionNumber === null)
        throw new AppError('CONFLICT', 'the flow has no published version');
      const row = await loadVersion(scope, flow.id, versionNumber);
      return startRun(
        scope,
        {
          tenantId: ctx.tenant.id,
          flowId: flow.id,
          version: versionNumber,
          definition: row.definition as FlowDefinition,
          trigger: { kind: 'manual', payload: input.payload },
          startedBy: ctx.caller.userId,
        },
        'run.started',
      );
    }),

  list: tenantProcedure
    .input(
      strict({
        flowId: id.optional(),
        status: z.enum(RUN_FILTER_STATUSES).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        pageSize: z.int().min(1).max(200).default(50),
        pageToken: z.string().max(2000).optional(),
      }).optional(),
    )
    .query(({ ctx, input }) => ctx.services.runs.list(ctx.tenant.id, input ?? { pageSize: 50 })),

  get: tenantProcedure.input(strict({ runId })).query(async ({ ctx, input }) => {
    const run = await ctx.services.runs.get(ctx.tenant.id, input.runId);
    if (!run) throw new AppError('NOT_FOUND', 'no such run');
    return run;
  }),

  /**
   * The graph the run ran: its published version, or for a test run the draft as it was when the
   * run started. Test runs from before snapshots were kept get today's draft, marked `draft`.
   */
  graph: tenantProcedure.input(strict({ runId })).query(async ({ ctx, input }) => {
    const origin = await ctx.services.runs.origin(ctx.tenant.id, input.runId);
    if (!origin) throw new AppError('NOT_FOUND', 'no such run');
    const scope = scopeOf(ctx);
    const flow = await loadFlow(scope, origin.flowId);
    const ran = (source: 'version' | 'snapshot' | 'draft', graph: unknown) => ({
      flowId: flow.id,
      flowName: flow.name,
      version: origin.version,
      source,
      graph: FlowGraphSchema.parse(graph),
    });
    if (origin.version > 0)
      return ran('version', (await loadVersion(scope, flow.id, origin.version)).graph);
    const snapshot =
      origin.snapshot === null
        ? undefined
        : await loadSnapshot(ctx.em, ctx.tenant.id, flow.id, origin.snapshot);
    return snapshot === undefined ? ran('draft', flow.draft) : ran('snapshot', snapshot);
  }),

  /** Each agent's steps in this run, from the decision log (the caller's tenant only). */
  agentTranscript: tenantProcedure.input(strict({ runId })).query(async ({ ctx, input }) => {
    const origin = await ctx.services.runs.origin(ctx.tenant.id, input.runId);
    if (!origin) throw new AppError('NOT_FOUND', 'no such run');
    return transcriptOf(ctx.em, ctx.tenant.id, input.runId);
  }),

  cancel: tenantProcedure.input(strict({ runId })).mutation(async ({ ctx, input }) => {
    const run = await ctx.services.runs.get(ctx.tenant.id, input.runId);
    if (!run) throw new AppError('NOT_FOUND', 'no such run');
    if (run.status !== 'running')
      throw new AppError('CONFLICT', `the run is ${run.status}, not running`);
    await ctx.services.runs.cancel(ctx.tenant.id, input.runId);
    const data = { flowId: run.flowId };
    await audit(scopeOf(ctx), {
      action: 'run.cancelled',
      targetType: 'run',
      targetId: input.runId,
      data,
    });
    return { runId: input.runId, cancelRequested: true };
  }),

  rerun: tenantProcedure.input(strict({ runId })).mutation(async ({ ctx, input }) => {
    const original = await ctx.services.runs.startInput(ctx.tenant.id, input.runId);
    if (!original) throw new AppError('NOT_FOUND', 'no such run');
    const { runId: _previous, ...rest } = original;
    return startRun(
      scopeOf(ctx),
      { ...rest, trigger: { ...original.trigger, kind: 'rerun' }, startedBy: ctx.caller.userId },
      'run.rerun',
    );
  }),
});
