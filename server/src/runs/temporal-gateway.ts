// Runs and schedules in Temporal. Every entry point checks tenancy twice: the run id starts with
// the caller's tenant id, and the run's TenantId search attribute matches it; visibility queries
// always filter on TenantId. Payloads go through the runtime's encrypting data converter.
import { randomUUID } from 'node:crypto';
import {
  Connection,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type ScheduleOptionsAction,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { arrayFromPayloads, type Payload } from '@temporalio/common';
import type { Config } from '@bizosaas/shared/config';
import type { FlowDefinition, JsonValue, RunStatus } from '@bizosaas/shared';
import type { OutboundPolicy } from '@bizosaas/nodes';
import type { RunContext } from './run-context.js';
import {
  createRunClient,
  FLOW_ID,
  FLOW_VERSION,
  POLL_TRIGGER_WORKFLOW,
  RUN_FLOW_WORKFLOW,
  RUN_STATE_QUERY,
  runSearchAttributes,
  SCHEDULED_RUN_ID,
  TENANT_ID,
  type PollTriggerInput,
  type RunMeta,
  type RunState,
} from '@bizosaas/runtime';
import { AppError } from '../errors.js';
import { pageTokens } from './page-tokens.js';
import type {
  RunDetail,
  RunFilter,
  RunGateway,
  RunOrigin,
  RunSummary,
  ScheduleSpec,
  StartRunInput,
} from './gateway.js';

const QUERY_TIMEOUT_MS = 5_000;

const STATUS_BY_NAME: Record<string, RunStatus> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed_out',
  CONTINUED_AS_NEW: 'continued',
};
const VISIBILITY_STATUS: Record<string, string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  timed_out: 'TimedOut',
};
// Raw visibility answers carry the proto enum number.
const STATUS_BY_NUMBER: RunStatus[] = [
  'unknown',
  'running',
  'completed',
  'failed',
  'cancelled',
  'terminated',
  'continued',
  'timed_out',
];

const scheduleId = (tenantId: string, flowId: string) => `${tenantId}/${flowId}`;

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function unavailable(error: unknown): never {
  if (error instanceof AppError) throw error;
  throw new AppError(
    'UNAVAILABLE',
    `the workflow engine did not answer (${(error as Error).name})`,
  );
}

export async function openTemporalGateway(
  config: Config,
  /** What a run needs from the database, read when it starts: the worker has none. */
  contextOf: (
    tenantId: string,
    definition: FlowDefinition,
    outbound?: OutboundPolicy,
  ) => Promise<RunContext>,
): Promise<RunGateway & { close(): Promise<void> }> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = await createRunClient(config, connection);
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  // createRunClient has refused to start without the payload key.
  const tokens = pageTokens(config.PAYLOAD_ENCRYPTION_KEY ?? '');

  // The user-facing run id is the whole workflow id `tenant/flow/key`; the runtime's meta.runId
  // is its last segment (runWorkflowId puts them back together).
  const meta = async (
    tenantId: string,
    flowId: string,
    version: number,
    runKey: string,
    definition: FlowDefinition,
    outbound?: OutboundPolicy,
  ): Promise<RunMeta> => ({
    tenantId,
    flowId,
    flowVersion: version,
    runId: runKey,
    startedAt: new Date().toISOString(),
    // Approval nodes reach this server's platform worker (PostgreSQL, notifier) on this queue.
    platformTaskQueue: config.TEMPORAL_PLATFORM_TASK_QUEUE,
    ...(await contextOf(tenantId, definition, outbound)),
  });
  const searchAttributes = (tenantId: string, flowId: string, version: number) =>
    runSearchAttributes({ tenantId, flowId, flowVersion: version });

  /** The run's description, or undefined when it is unknown or another tenant's. */
  async function describe(
    tenantId: string,
    runId: string,
  ): Promise<WorkflowExecutionDescription | undefined> {
    if (!runId.startsWith(`${tenantId}/`)) return undefined;
    try {
      const description = await client.workflow.getHandle(runId).describe();
      return description.typedSearchAttributes.get(TENANT_ID) === tenantId
        ? description
        : undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      return unavailable(error);
    }
  }

  function summaryOf(runId: string, d: WorkflowExecutionDescription): RunSummary {
    return {
      runId,
      flowId: d.typedSearchAttributes.get(FLOW_ID) ?? '',
      version: d.typedSearchAttributes.get(FLOW_VERSION) ?? 0,
      status: STATUS_BY_NAME[d.status.name] ?? 'unknown',
      startedAt: d.startTime ?? null,
      closedAt: d.closeTime ?? null,
    };
  }

  /** What the run recorded about itself when it started (see `start`). */
  const memoOf = (d: WorkflowExecutionDescription) =>
    (d.memo ?? {}) as { trigger?: StartRunInput['trigger']['kind']; snapshot?: string };

  /** The arguments the run (its latest execution) started with: the first history event only. */
  async function startArgs(runId: string): Promise<unknown[]> {
    const { history } = await connection.workflowService.getWorkflowExecutionHistory({
      namespace: config.TEMPORAL_NAMESPACE,
      execution: { workflowId: runId },
      maximumPageSize: 1,
    });
    const started = history?.events?.[0]?.workflowExecutionStartedEventAttributes;
    const { payloadCodecs, payloadConverter } = client.options.loadedDataConverter;
    let payloads: Payload[] = started?.input?.payloads ?? [];
    // Codecs encode in order, so they decode in reverse.
    for (const codec of [...payloadCodecs].reverse()) payloads = await codec.decode(payloads);
    return arrayFromPayloads(payloadConverter, payloads);
  }

  /** Creates the schedule, or points the existing one at this spec and action. */
  async function putSchedule(
    id: string,
    spec: ReturnType<typeof toSpec>,
    paused: boolean,
    action: ScheduleOptionsAction,
  ) {
    try {
      await client.schedule.create({ scheduleId: id, spec, action, state: { paused } });
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) unavailable(error);
      await client.schedule
        .getHandle(id)
        .update((previous) => ({ ...previous, spec, action, state: { ...previous.state, paused } }))
        .catch(unavailable);
    }
  }

  return {
    async start(input: StartRunInput) {
      const runKey = input.runId ?? randomUUID();
      const runId = `${input.tenantId}/${input.flowId}/${runKey}`;
      try {
        await client.workflow.start(RUN_FLOW_WORKFLOW, {
          taskQueue,
          workflowId: runId,
          args: [
            input.definition,
            input.trigger.payload,
            await meta(
              input.tenantId,
              input.flowId,
              input.version,
              runId,
              input.definition,
              input.outbound,
            ),
          ],
          typedSearchAttributes: searchAttributes(input.tenantId, input.flowId, input.version),
          // Same id, same run: a replayed webhook or a retried queue job never starts a second one.
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          memo: {
            trigger: input.trigger.kind,
            startedBy: input.startedBy,
            ...(input.snapshot ? { snapshot: input.snapshot } : {}),
          },
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) unavailable(error);
      }
      return { runId };
    },

    async list(tenantId: string, filter: RunFilter) {
      // Every value interpolated below is a validated uuid, enum or date: nothing user-typed.
      const clauses = [`TenantId = '${tenantId}'`, `WorkflowType = '${RUN_FLOW_WORKFLOW}'`];
      if (filter.flowId) clauses.push(`FlowId = '${filter.flowId}'`);
      if (filter.status) clauses.push(`ExecutionStatus = '${VISIBILITY_STATUS[filter.status]}'`);
      if (filter.from) clauses.push(`StartTime >= '${filter.from.toISOString()}'`);
      if (filter.to) clauses.push(`StartTime <= '${filter.to.toISOString()}'`);
      const query = clauses.join(' AND ');
      const nextPageToken = filter.pageToken ? tokens.open(query, filter.pageToken) : undefined;
      try {
        const answer = await connection.workflowService.listWorkflowExecutions({
          namespace: config.TEMPORAL_NAMESPACE,
          query,
          pageSize: filter.pageSize,
          ...(nextPageToken ? { nextPageToken } : {}),
        });
        const decodeAttribute = (
          fields: Record<string, { data?: Uint8Array | null }> | null | undefined,
          name: string,
        ) => {
          const data = fields?.[name]?.data;
          return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as unknown) : undefined;
        };
        const runs: RunSummary[] = (answer.executions ?? []).map((e) => {
          const fields = e.searchAttributes?.indexedFields as
            Record<string, { data?: Uint8Array | null }> | undefined;
          // Visibility gives seconds and nanos; dropping the nanos made every run shorter than
          // a second "0 ms" long on the runs list.
          const timeOf = (
            t:
              | { seconds?: { toNumber(): number } | number | null; nanos?: number | null }
              | null
              | undefined,
          ) =>
            t?.seconds == null
              ? null
              : new Date(Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6));
          return {
            runId: e.execution?.workflowId ?? '',
            flowId: String(decodeAttribute(fields, 'FlowId') ?? ''),
            version: Number(decodeAttribute(fields, 'FlowVersion') ?? 0),
            status: STATUS_BY_NUMBER[e.status ?? 0] ?? 'unknown',
            startedAt: timeOf(e.startTime as never),
            closedAt: timeOf(e.closeTime as never),
          };
        });
        const token = answer.nextPageToken?.length
          ? tokens.issue(query, answer.nextPageToken)
          : null;
        return { runs, nextPageToken: token };
      } catch (error) {
        return unavailable(error);
      }
    },

    async get(tenantId: string, runId: string): Promise<RunDetail | undefined> {
      const description = await describe(tenantId, runId);
      if (!description) return undefined;
      const handle = client.workflow.getHandle(runId);
      const kind = memoOf(description).trigger ?? 'unknown';
      const detail: RunDetail = { ...summaryOf(runId, description), trigger: null, nodes: [] };
      try {
        // The editor polls an open run: its live state, trigger included, is one query, no history.
        const state = await withTimeout(
          handle.query<RunState>(RUN_STATE_QUERY),
          QUERY_TIMEOUT_MS,
          () => new Error('query timed out'),
        );
        detail.nodes = state.nodes;
        detail.trigger = { kind, payload: state.trigger };
      } catch {
        // No worker to answer the query: the summary is still worth returning, and a finished
        // run's trigger is in its history (an open one's comes with the next poll).
        detail.error = 'node states are unavailable right now';
        if (detail.status !== 'running') {
          const args = await startArgs(runId).catch(() => undefined);
          if (args) detail.trigger = { kind, payload: args[1] };
        }
      }
      if (detail.status === 'completed') {
        detail.result = await handle.result().catch(() => undefined);
      } else if (detail.status === 'failed') {
        detail.error = await handle.result().then(
          () => undefined,
          (error: Error) => (error.cause as Error | undefined)?.message ?? error.message,
        );
      }
      return detail;
    },

    async origin(tenantId: string, runId: string): Promise<RunOrigin | undefined> {
      const description = await describe(tenantId, runId);
      if (!description) return undefined;
      const { flowId, version } = summaryOf(runId, description);
      return { flowId, version, snapshot: memoOf(description).snapshot ?? null };
    },

    async startInput(tenantId: string, runId: string): Promise<StartRunInput | undefined> {
      const description = await describe(tenantId, runId);
      if (!description) return undefined;
      const [definition, payload] = await startArgs(runId).catch(unavailable);
      const memo = memoOf(description);
      return {
        tenantId,
        flowId: description.typedSearchAttributes.get(FLOW_ID) ?? '',
        version: description.typedSearchAttributes.get(FLOW_VERSION) ?? 0,
        definition: definition as FlowDefinition,
        trigger: { kind: memo.trigger ?? 'manual', payload: (payload ?? {}) as JsonValue },
        startedBy: null,
        ...(memo.snapshot ? { snapshot: memo.snapshot } : {}),
      };
    },

    async result(tenantId: string, runId: string, timeoutMs: number) {
      if (!runId.startsWith(`${tenantId}/`)) throw new AppError('NOT_FOUND', 'no such run');
      return withTimeout(
        client.workflow.getHandle(runId).result(),
        timeoutMs,
        () =>
          new AppError(
            'TIMEOUT',
            `the flow did not finish within ${timeoutMs} ms; it keeps running`,
            { runId },
          ),
      );
    },

    async cancel(tenantId: string, runId: string) {
      if (!runId.startsWith(`${tenantId}/`)) throw new AppError('NOT_FOUND', 'no such run');
      const handle = client.workflow.getHandle(runId);
      await handle.cancel().catch(unavailable);
      // A run acts on the request in its next workflow task. One whose tasks keep failing (a task
      // past the deadlock timeout is retried without end, issue 12) never will: end it instead.
      const { raw } = await handle.describe().catch(unavailable);
      if ((raw.pendingWorkflowTask?.attempt ?? 0) > 1) {
        await handle.terminate('cancelled while its workflow task kept failing').catch(unavailable);
      }
    },

    async upsertSchedule({ tenantId, flowId, version, definition, spec, paused }) {
      await putSchedule(scheduleId(tenantId, flowId), toSpec(spec), paused, {
        type: 'startWorkflow',
        workflowType: RUN_FLOW_WORKFLOW,
        taskQueue,
        // Temporal appends the firing time to this id; the workflow adopts it as its run id.
        workflowId: `${tenantId}/${flowId}/scheduled`,
        args: [definition, {}, await meta(tenantId, flowId, version, SCHEDULED_RUN_ID, definition)],
        typedSearchAttributes: searchAttributes(tenantId, flowId, version),
        memo: { trigger: 'schedule', startedBy: null },
      });
    },

    async upsertPollSchedule({ tenantId, flowId, version, intervalMs, paused }) {
      const input: PollTriggerInput = {
        tenantId,
        flowId,
        version,
        platformTaskQueue: config.TEMPORAL_PLATFORM_TASK_QUEUE,
      };
      await putSchedule(scheduleId(tenantId, flowId), toSpec({ intervalMs }), paused, {
        type: 'startWorkflow',
        workflowType: POLL_TRIGGER_WORKFLOW,
        taskQueue,
        workflowId: `${tenantId}/${flowId}/poll`,
        args: [input],
        typedSearchAttributes: searchAttributes(tenantId, flowId, version),
      });
    },

    async pauseSchedule(tenantId: string, flowId: string, paused: boolean) {
      const handle = client.schedule.getHandle(scheduleId(tenantId, flowId));
      try {
        await (paused ? handle.pause('flow paused') : handle.unpause('flow resumed'));
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) unavailable(error);
      }
    },

    async deleteSchedule(tenantId: string, flowId: string) {
      try {
        await client.schedule.getHandle(scheduleId(tenantId, flowId)).delete();
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) unavailable(error);
      }
    },

    async countFailed() {
      const answer = await connection.workflowService.countWorkflowExecutions({
        namespace: config.TEMPORAL_NAMESPACE,
        query: `WorkflowType = '${RUN_FLOW_WORKFLOW}' AND ExecutionStatus = 'Failed'`,
      });
      return Number(answer.count ?? 0);
    },

    async close() {
      await connection.close();
    },
  };
}

function toSpec(spec: ScheduleSpec) {
  return {
    ...(spec.cron ? { cronExpressions: [spec.cron] } : {}),
    ...(spec.intervalMs ? { intervals: [{ every: spec.intervalMs }] } : {}),
    ...(spec.timezone ? { timezone: spec.timezone } : {}),
  };
}
