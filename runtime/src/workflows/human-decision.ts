// "Wait for a human decision", reusable by any node that needs a person's go-ahead (the approval
// node today; an agent's tool call marked "needs approval" tomorrow): persist a task through the
// platform worker, then wait for enough decisions (Temporal Updates) or the due time, reminding
// and escalating on durable timers meanwhile. Runs inside the workflow sandbox.
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineUpdate,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  sleep,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Assignees, FormField } from '@bizosaas/nodes';
import {
  DECIDE_UPDATE,
  DecisionRefusal,
  DELEGATE_UPDATE,
  type DecisionInput,
  type DecisionRecord,
  type DecisionResult,
  type DelegationInput,
  type DelegationResult,
  type NotifyChannels,
  type PlatformActivities,
  type TaskStatus,
} from './human-decision-contract.js';

export const decideUpdate = defineUpdate<DecisionResult, [DecisionInput]>(DECIDE_UPDATE);
export const delegateUpdate = defineUpdate<DelegationResult, [DelegationInput]>(DELEGATE_UPDATE);

/** What a node asks a person (or several) to decide. */
export interface DecisionRequest {
  /** The node run key; the task is unique per run and key. */
  nodeKey: string;
  nodeId: string;
  nodeName: string;
  title: string;
  description: string;
  details: Record<string, unknown>;
  form: FormField[];
  assignees: Assignees;
  required: { mode: 'any' | 'all' | 'count'; count: number };
  dueInMs?: number;
  /** At the due time: close the task as `timeout`, or leave it open (overdue in the inbox). */
  whenDue: 'timeout' | 'stay_open';
  /** How long before the due time to remind (ignored without a due time). */
  remindBeforeDueMs: number[];
  escalation?: { afterMs: number; assignees: Assignees };
  notify: NotifyChannels;
  /** Called once the task exists and the node is waiting for people. */
  onWaiting?: (taskId: string) => void;
}

export interface DecisionOutcome {
  taskId: string;
  decision: 'approved' | 'rejected' | 'timeout';
  decidedBy: string | null;
  /** The decider as a person reads them; null on timeout or for a decision sent without names. */
  decidedByName: string | null;
  decidedByEmail: string | null;
  comment: string | null;
  form: Record<string, unknown>;
  decidedAt: string;
  decisions: DecisionRecord[];
}

/** Where a run reaches its platform worker and which run it is. */
export interface DecisionContext {
  tenantId: string;
  flowId: string;
  flowVersion: number;
  runId: string;
  platformTaskQueue: string;
}

interface OpenTask {
  assignees: Set<string>;
  required: number;
  decisions: Map<string, DecisionRecord>;
  status: TaskStatus;
}

/**
 * The open tasks of one run and the update handlers that decide them. Create one per workflow run
 * before anything can wait (handlers must exist before an update arrives).
 *
 * Exactly once: the server sends each decision with a decision id `taskId:userId`; an update id
 * Temporal has seen returns its first outcome, and a decision id this run has seen is refused by
 * the validator. A task never outlives its run generation: continue-as-new waits for nodes in
 * flight (waiting ones included) to settle, so decisions never need carrying across it, and a late
 * decision for a closed task is refused (the server answers it from PostgreSQL).
 */
export class HumanDecisions {
  private readonly tasks = new Map<string, OpenTask>();
  private readonly seenDecisionIds = new Set<string>();
  private readonly closing = new Set<Promise<void>>();
  private readonly platform: PlatformActivities;

  constructor(private readonly context: DecisionContext) {
    this.platform = proxyActivities<PlatformActivities>({
      taskQueue: context.platformTaskQueue,
      startToCloseTimeout: '30s',
      // The platform worker may be down for a while; the task must still be written eventually.
      retry: {
        initialInterval: '1s',
        maximumInterval: '1m',
        nonRetryableErrorTypes: ['NO_ASSIGNEES'],
      },
    });
    setHandler(decideUpdate, (input) => this.decide(input), {
      validator: (input) => this.validateDecision(input),
    });
    setHandler(delegateUpdate, (input) => this.delegate(input), {
      validator: (input) => this.validateDelegation(input),
    });
  }

  /**
   * Creates the task, then resolves once it is approved, rejected or due. A run cancelled while
   * waiting closes the task as cancelled and rethrows the cancellation.
   *
   * @example
   * const outcome = await decisions.request({ nodeKey, nodeId, nodeName, title: 'Publish?',
   *   description: '', details: {}, form: [], assignees: { users: [], roles: ['approver'] },
   *   required: { mode: 'any', count: 1 }, whenDue: 'timeout', remindBeforeDueMs: [],
   *   notify: { email: true, slack: true } });
   * if (outcome.decision === 'approved') …
   */
  async request(request: DecisionRequest): Promise<DecisionOutcome> {
    const platform = this.platform;
    const taskId = uuid4();
    const createdAt = Date.now();
    const dueAt = request.dueInMs === undefined ? null : createdAt + request.dueInMs;
    const created = await platform.createApprovalTask({
      taskId,
      tenantId: this.context.tenantId,
      flowId: this.context.flowId,
      flowVersion: this.context.flowVersion,
      runId: this.context.runId,
      workflowId: workflowInfo().workflowId,
      nodeId: request.nodeId,
      nodeName: request.nodeName,
      nodeKey: request.nodeKey,
      title: request.title,
      description: request.description,
      details: request.details,
      form: request.form,
      assignees: request.assignees,
      required: request.required,
      dueAt: dueAt === null ? null : new Date(dueAt).toISOString(),
      notify: request.notify,
      createdAt: new Date(createdAt).toISOString(),
    });
    const task: OpenTask = {
      assignees: new Set(created.assignees),
      required: created.required,
      decisions: new Map(),
      status: 'pending',
    };
    this.tasks.set(taskId, task);
    request.onWaiting?.(taskId);

    // Reminders, escalation and the due time run in a scope of their own, cancelled once decided.
    const timers = new CancellationScope();
    const background = timers
      .run(() => Promise.all(this.timers(request, taskId, task, platform, dueAt, createdAt)))
      .catch((error: unknown) => {
        if (!isCancellation(error)) throw error;
      });
    try {
      await condition(() => task.status !== 'pending');
    } catch (error) {
      if (isCancellation(error)) {
        task.status = 'cancelled';
        timers.cancel();
        await CancellationScope.nonCancellable(() => this.close(platform, taskId, task));
      }
      throw error;
    } finally {
      this.tasks.delete(taskId);
    }
    timers.cancel();
    await background;
    // The decide call already wrote the decision to PostgreSQL; closing the row again is the
    // backstop for a server that died in between, so the next node need not wait for it.
    // A timeout has no other writer, so it is closed before the run goes on.
    const closing = this.close(platform, taskId, task);
    if (task.status === 'timeout') await closing;
    else this.track(closing);
    return outcomeOf(taskId, task);
  }

  /**
   * Resolves once every background close and every update handler (a delegation being stored)
   * has finished; the run waits for it before it ends or continues as new.
   */
  async idle(): Promise<void> {
    while (this.closing.size > 0) await Promise.all([...this.closing]);
    await condition(allHandlersFinished);
  }

  private track(work: Promise<void>): void {
    const settled = work.then(
      () => undefined,
      () => log.warn('approval task could not be closed'),
    );
    this.closing.add(settled);
    void settled.then(() => this.closing.delete(settled));
  }

  private timers(
    request: DecisionRequest,
    taskId: string,
    task: OpenTask,
    platform: PlatformActivities,
    dueAt: number | null,
    createdAt: number,
  ): Promise<void>[] {
    const { tenantId } = this.context;
    // A reminder or escalation that cannot be delivered is logged; it never holds up the run.
    const bestEffort = async (what: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        if (isCancellation(error)) throw error;
        log.warn(`approval ${what} failed`, { taskId });
      }
    };
    const work: Promise<void>[] = [];
    if (dueAt !== null && request.whenDue === 'timeout') {
      work.push(
        sleep(dueAt - createdAt).then(() => {
          if (task.status === 'pending') task.status = 'timeout';
        }),
      );
    }
    if (dueAt !== null) {
      request.remindBeforeDueMs.forEach((before, index) => {
        const at = dueAt - before - createdAt;
        if (at <= 0) return;
        work.push(
          sleep(at).then(() =>
            bestEffort('reminder', () =>
              platform.remindApprovalTask({ tenantId, taskId, index, notify: request.notify }),
            ),
          ),
        );
      });
    }
    const escalation = request.escalation;
    if (escalation) {
      work.push(
        sleep(escalation.afterMs).then(() =>
          bestEffort('escalation', async () => {
            const { added } = await platform.escalateApprovalTask({
              tenantId,
              taskId,
              assignees: escalation.assignees,
              notify: request.notify,
            });
            for (const userId of added) task.assignees.add(userId);
          }),
        ),
      );
    }
    return work;
  }

  private async close(platform: PlatformActivities, taskId: string, task: OpenTask) {
    await platform.closeApprovalTask({
      tenantId: this.context.tenantId,
      taskId,
      status: task.status as Exclude<TaskStatus, 'pending'>,
      decisions: [...task.decisions.values()],
      closedAt: new Date().toISOString(),
    });
  }

  /** Synchronous and side-effect free, as Temporal requires of validators. */
  private validateDecision(input: DecisionInput): void {
    const task = this.openTask(input.taskId);
    if (!task.assignees.has(input.userId))
      refuse(DecisionRefusal.NOT_ASSIGNEE, 'the user is not an assignee of this task');
    if (task.decisions.has(input.userId))
      refuse(DecisionRefusal.ALREADY_DECIDED, 'the user has already decided this task');
    if (this.seenDecisionIds.has(input.decisionId))
      refuse(DecisionRefusal.DUPLICATE_DECISION, 'this decision was already recorded');
  }

  private decide(input: DecisionInput): DecisionResult {
    const task = this.tasks.get(input.taskId) as OpenTask;
    this.seenDecisionIds.add(input.decisionId);
    const record: DecisionRecord = {
      userId: input.userId,
      ...(input.user ? { userName: input.user.name, userEmail: input.user.email } : {}),
      decision: input.decision,
      comment: input.comment,
      form: input.form,
      decidedAt: new Date().toISOString(),
    };
    task.decisions.set(input.userId, record);
    const approvals = [...task.decisions.values()].filter((d) => d.decision === 'approve').length;
    // One rejection rejects: a veto is what approvers expect from "needs N approvals".
    if (input.decision === 'reject') task.status = 'rejected';
    else if (approvals >= task.required) task.status = 'approved';
    return {
      taskId: input.taskId,
      decisionId: input.decisionId,
      record,
      status: task.status,
      approvals,
      required: task.required,
    };
  }

  private validateDelegation(input: DelegationInput): void {
    const task = this.openTask(input.taskId);
    if (!task.assignees.has(input.fromUserId))
      refuse(DecisionRefusal.NOT_ASSIGNEE, 'only an assignee can delegate this task');
    if (task.decisions.has(input.fromUserId))
      refuse(DecisionRefusal.ALREADY_DECIDED, 'a decided task cannot be delegated');
    if (task.assignees.has(input.toUserId))
      refuse(DecisionRefusal.ALREADY_ASSIGNED, 'that user is already an assignee');
  }

  /**
   * The run moves the task at once (a decision by the new assignee is valid from here on), then
   * stores the delegation before answering, so the inbox never disagrees with the run for long and
   * a server that dies in between loses nothing: the activity is retried until it is stored.
   */
  private async delegate(input: DelegationInput): Promise<DelegationResult> {
    const task = this.tasks.get(input.taskId) as OpenTask;
    task.assignees.delete(input.fromUserId);
    task.assignees.add(input.toUserId);
    const assignees = [...task.assignees];
    await this.platform.recordDelegation({
      ...input,
      tenantId: this.context.tenantId,
      delegatedAt: new Date().toISOString(),
    });
    return { taskId: input.taskId, assignees };
  }

  private openTask(taskId: string): OpenTask {
    const task = this.tasks.get(taskId);
    if (!task) refuse(DecisionRefusal.UNKNOWN_TASK, 'this run is not waiting on that task');
    if (task.status !== 'pending') refuse(DecisionRefusal.TASK_CLOSED, 'the task is closed');
    return task;
  }
}

function refuse(type: DecisionRefusal, message: string): never {
  throw ApplicationFailure.nonRetryable(message, type);
}

function outcomeOf(taskId: string, task: OpenTask): DecisionOutcome {
  const decisions = [...task.decisions.values()];
  // The decision that closed the task: the rejection, or the approval that reached the count.
  const deciding = task.status === 'timeout' ? undefined : decisions[decisions.length - 1];
  return {
    taskId,
    decision: task.status as DecisionOutcome['decision'],
    decidedBy: deciding?.userId ?? null,
    decidedByName: deciding?.userName ?? null,
    decidedByEmail: deciding?.userEmail ?? null,
    comment: deciding?.comment ?? null,
    form: deciding?.form ?? {},
    decidedAt: deciding?.decidedAt ?? new Date().toISOString(),
    decisions,
  };
}
