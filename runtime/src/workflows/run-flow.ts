import {
  ApplicationFailure,
  continueAsNew,
  defineQuery,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { DEFINITION_VERSION, type FlowDefinition } from '@bizosaas/shared';
import { NodeErrorCode } from '@bizosaas/nodes';
import {
  RUN_STATE_QUERY,
  SCHEDULED_RUN_ID,
  type CarriedState,
  type RunMeta,
  type RunResult,
  type RunState,
} from './contract.js';
import { DEFAULT_PLATFORM_TASK_QUEUE } from './human-decision-contract.js';
import { HumanDecisions } from './human-decision.js';
import { FlowRun } from './interpreter.js';

export const runStateQuery = defineQuery<RunState>(RUN_STATE_QUERY);

/**
 * The one workflow that runs every flow. `definition` is the compiled flow version, `trigger` its
 * payload, `meta` the run's identity and tenant settings; `carried` is only passed by
 * continue-as-new, with the node runs already settled.
 */
export async function runFlow(
  definition: FlowDefinition,
  trigger: unknown,
  meta: RunMeta,
  carried?: CarriedState,
): Promise<RunResult> {
  if (meta.runId === SCHEDULED_RUN_ID) {
    const { workflowId, startTime } = workflowInfo();
    const scheduledAt = startTime.toISOString();
    meta = { ...meta, runId: workflowId, startedAt: scheduledAt };
    trigger = { scheduledAt };
  }
  if (definition.definitionVersion !== DEFINITION_VERSION) {
    throw ApplicationFailure.nonRetryable(
      `definition version ${String(definition.definitionVersion)} is not supported by this worker`,
      NodeErrorCode.UNSUPPORTED_DEFINITION,
    );
  }
  const decisions = new HumanDecisions({
    tenantId: meta.tenantId,
    flowId: meta.flowId,
    flowVersion: meta.flowVersion,
    runId: meta.runId,
    platformTaskQueue: meta.platformTaskQueue ?? DEFAULT_PLATFORM_TASK_QUEUE,
  });
  const run = new FlowRun(definition, trigger, meta, carried, decisions);
  setHandler(runStateQuery, () => run.snapshot());
  const outcome = await run.execute();
  await decisions.idle();
  if ('continueWith' in outcome) {
    return continueAsNew<typeof runFlow>(definition, trigger, meta, outcome.continueWith);
  }
  return outcome.result;
}
