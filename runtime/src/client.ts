import {
  Client,
  Connection,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import type { FlowDefinition } from '@bizosaas/shared';
import type { Config } from '@bizosaas/shared/config';
import { dataConverterFromConfig } from './data-converter.js';
import {
  RUN_FLOW_WORKFLOW,
  RUN_STATE_QUERY,
  runSearchAttributes,
  runWorkflowId,
  type RunMeta,
  type RunResult,
  type RunState,
} from './workflows/contract.js';
import {
  DECIDE_UPDATE,
  decisionUpdateId,
  DELEGATE_UPDATE,
  type DecisionInput,
  type DecisionResult,
  type DelegationInput,
  type DelegationResult,
} from './workflows/human-decision-contract.js';

/** A Temporal client that reads and writes encrypted payloads, as every client must. */
export async function createRunClient(
  config: Pick<
    Config,
    | 'TEMPORAL_ADDRESS'
    | 'TEMPORAL_NAMESPACE'
    | 'PAYLOAD_ENCRYPTION_KEY'
    | 'PAYLOAD_ENCRYPTION_KEY_ID'
  >,
  connection?: Connection,
): Promise<Client> {
  return new Client({
    connection: connection ?? (await Connection.connect({ address: config.TEMPORAL_ADDRESS })),
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFromConfig(config),
  });
}

export interface StartRunOptions {
  taskQueue: string;
  definition: FlowDefinition;
  trigger: unknown;
  /** `startedAt` defaults to now. */
  meta: Omit<RunMeta, 'startedAt'> & { startedAt?: string };
}

type RunFlow = (definition: FlowDefinition, trigger: unknown, meta: RunMeta) => Promise<RunResult>;

export type RunHandle = WorkflowHandle<RunFlow>;

/**
 * Starts a run with workflow id `tenant/flow/run` and the TenantId/FlowId/FlowVersion search
 * attributes. Starting the same run id twice fails with `WorkflowExecutionAlreadyStartedError`,
 * which makes webhook retries idempotent.
 *
 * @example
 * const handle = await startRun(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, definition, trigger: { email },
 *   meta: { tenantId, flowId, flowVersion: 3, runId: randomUUID(), outbound: tenant.outbound } });
 */
export async function startRun(
  client: Client,
  options: StartRunOptions,
): Promise<WorkflowHandleWithFirstExecutionRunId<RunFlow>> {
  const meta: RunMeta = {
    ...options.meta,
    startedAt: options.meta.startedAt ?? new Date().toISOString(),
  };
  return client.workflow.start<RunFlow>(RUN_FLOW_WORKFLOW, {
    taskQueue: options.taskQueue,
    workflowId: runWorkflowId(meta.tenantId, meta.flowId, meta.runId),
    args: [options.definition, options.trigger, meta],
    typedSearchAttributes: runSearchAttributes(meta),
  });
}

/** The handle of a run; always built from the caller's tenant, so it cannot reach another tenant's. */
export function runHandle(
  client: Client,
  tenantId: string,
  flowId: string,
  runId: string,
): RunHandle {
  return client.workflow.getHandle(runWorkflowId(tenantId, flowId, runId));
}

/** Live per-node state of a run (works on finished runs too). */
export async function queryRunState(
  client: Client,
  tenantId: string,
  flowId: string,
  runId: string,
): Promise<RunState> {
  return runHandle(client, tenantId, flowId, runId).query<RunState>(RUN_STATE_QUERY);
}

/** Requests cancellation: running nodes are cancelled, the run ends as cancelled. */
export async function cancelRun(
  client: Client,
  tenantId: string,
  flowId: string,
  runId: string,
): Promise<void> {
  await runHandle(client, tenantId, flowId, runId).cancel();
}

/**
 * Delivers one person's decision to the run waiting on the task and waits for its outcome. The
 * update id comes from `decisionUpdateId`, so a retried or doubled call decides once; a refusal
 * by the workflow's validator throws `WorkflowUpdateFailedError` whose cause's `type` is a
 * `DecisionRefusal`.
 *
 * @example
 * const result = await decideApproval(client, task.workflowId, task.required, {
 *   taskId, decisionId: decisionId(taskId, userId), userId, decision: 'approve', comment: null, form: {} });
 */
export async function decideApproval(
  client: Client,
  workflowId: string,
  required: number,
  input: DecisionInput,
): Promise<DecisionResult> {
  return client.workflow
    .getHandle(workflowId)
    .executeUpdate<DecisionResult, [DecisionInput]>(DECIDE_UPDATE, {
      args: [input],
      updateId: decisionUpdateId(input.taskId, input.userId, required),
    });
}

/** Moves a task from one assignee to another in the waiting run; the update id is the delegation id. */
export async function delegateApproval(
  client: Client,
  workflowId: string,
  input: DelegationInput,
): Promise<DelegationResult> {
  return client.workflow
    .getHandle(workflowId)
    .executeUpdate<DelegationResult, [DelegationInput]>(DELEGATE_UPDATE, {
      args: [input],
      updateId: input.delegationId,
    });
}
