// Delivers decisions and delegations to the runs waiting on them, as Temporal Updates, and turns
// the workflow's refusals into AppErrors the inbox can show.
import {
  Connection,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { Config } from '@bizosaas/shared/config';
import {
  createRunClient,
  decideApproval,
  DecisionRefusal,
  delegateApproval,
  type DecisionInput,
  type DecisionResult,
  type DelegationInput,
  type DelegationResult,
} from '@bizosaas/runtime';
import { AppError } from '../errors.js';

/**
 * A new task's row is written a moment before its run registers it; decisions wait that out.
 *
 * The run registers the task in the workflow task that resolves the activity writing the row. A
 * decision that arrives while that workflow task is still pending rides in it, and the workflow
 * validates updates before it resolves activities, so it is refused as UNKNOWN_TASK even though
 * the task is registered a moment later. That pending workflow task can take long: after a
 * restart it waits for the flow worker to come back (bundling, replay) and, if it was scheduled on
 * the stopped worker's sticky queue, for the sticky schedule-to-start timeout (10 s). So the grace
 * counts from the first refusal, not from the first attempt: the retry goes out in a workflow task
 * of its own, after the registration.
 */
export const REGISTRATION_GRACE_MS = 5_000;

export interface ApprovalEngine {
  decide(workflowId: string, required: number, input: DecisionInput): Promise<DecisionResult>;
  delegate(workflowId: string, input: DelegationInput): Promise<DelegationResult>;
  close(): Promise<void>;
}

export async function openApprovalEngine(config: Config): Promise<ApprovalEngine> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client: Client = await createRunClient(config, connection);

  async function send<T>(work: () => Promise<T>): Promise<T> {
    let graceUntil: number | undefined;
    for (;;) {
      try {
        return await work();
      } catch (error) {
        const refusal = refusalOf(error);
        if (refusal === DecisionRefusal.UNKNOWN_TASK) {
          graceUntil ??= Date.now() + REGISTRATION_GRACE_MS;
          if (Date.now() < graceUntil) {
            await new Promise((resolve) => setTimeout(resolve, 50));
            continue;
          }
        }
        throw toAppError(error, refusal);
      }
    }
  }

  return {
    decide: (workflowId, required, input) =>
      send(() => decideApproval(client, workflowId, required, input)),
    delegate: (workflowId, input) => send(() => delegateApproval(client, workflowId, input)),
    close: () => connection.close(),
  };
}

function refusalOf(error: unknown): string | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  return (error.cause as { type?: string } | undefined)?.type ?? undefined;
}

const MESSAGES: Record<string, string> = {
  [DecisionRefusal.UNKNOWN_TASK]: 'the run is no longer waiting on this task',
  [DecisionRefusal.TASK_CLOSED]: 'the task is already closed',
  [DecisionRefusal.NOT_ASSIGNEE]: 'you are not an assignee of this task',
  [DecisionRefusal.ALREADY_DECIDED]: 'you have already decided this task',
  [DecisionRefusal.DUPLICATE_DECISION]: 'this decision was already recorded',
  [DecisionRefusal.ALREADY_ASSIGNED]: 'that user is already an assignee',
};

function toAppError(error: unknown, refusal: string | undefined): AppError {
  if (refusal === DecisionRefusal.NOT_ASSIGNEE)
    return new AppError('FORBIDDEN', MESSAGES[refusal] as string);
  if (refusal !== undefined)
    return new AppError('CONFLICT', MESSAGES[refusal] ?? 'the run refused this', { refusal });
  // A run that has ended cannot take a decision any more.
  if (error instanceof WorkflowNotFoundError || /already completed/i.test((error as Error).message))
    return new AppError('CONFLICT', 'the run is no longer waiting on this task');
  if (error instanceof AppError) return error;
  return new AppError(
    'UNAVAILABLE',
    `the workflow engine did not answer (${(error as Error).name})`,
  );
}
