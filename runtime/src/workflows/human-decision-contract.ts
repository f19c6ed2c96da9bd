// What the workflow's "wait for a human decision" mechanism, the platform activities the server
// hosts, and the server's inbox agree on. Sandbox-safe: types, constants and pure helpers only.
import type { Assignees, FormField } from '@bizosaas/nodes';

/** Task queue of the server-hosted platform worker when `RunMeta.platformTaskQueue` is unset. */
export const DEFAULT_PLATFORM_TASK_QUEUE = 'bizosaas-platform';

/** Update delivering one person's decision on a task; see `decisionUpdateId`. */
export const DECIDE_UPDATE = 'decideApproval';
/** Update moving a task from one assignee to another. */
export const DELEGATE_UPDATE = 'delegateApproval';

/** Why the workflow refused a decision or a delegation (the `type` of the ApplicationFailure). */
export const DecisionRefusal = {
  UNKNOWN_TASK: 'UNKNOWN_TASK',
  TASK_CLOSED: 'TASK_CLOSED',
  NOT_ASSIGNEE: 'NOT_ASSIGNEE',
  ALREADY_DECIDED: 'ALREADY_DECIDED',
  DUPLICATE_DECISION: 'DUPLICATE_DECISION',
  ALREADY_ASSIGNED: 'ALREADY_ASSIGNED',
} as const;
export type DecisionRefusal = (typeof DecisionRefusal)[keyof typeof DecisionRefusal];

export type TaskStatus = 'pending' | 'approved' | 'rejected' | 'timeout' | 'cancelled';

export interface DecisionInput {
  taskId: string;
  /** `taskId:userId`: one person decides a task once, however often the request is retried. */
  decisionId: string;
  /** Checked by the server (tenant, role, claim) before it sends the update. */
  userId: string;
  /** Who that is, for the run's output (`decidedByName`); servers before names sent none. */
  user?: { name: string; email: string };
  decision: 'approve' | 'reject';
  comment: string | null;
  form: Record<string, unknown>;
}

export interface DecisionRecord {
  userId: string;
  /** The decider's name and email when the decision was sent with them. */
  userName?: string;
  userEmail?: string;
  decision: 'approve' | 'reject';
  comment: string | null;
  form: Record<string, unknown>;
  /** ISO 8601, workflow time. */
  decidedAt: string;
}

/** What a decision update returns: the decision as recorded and the task's status after it. */
export interface DecisionResult {
  taskId: string;
  decisionId: string;
  /** The decision this update recorded (with any-one approvals, the first decider's). */
  record: DecisionRecord;
  status: TaskStatus;
  approvals: number;
  required: number;
}

export interface DelegationInput {
  taskId: string;
  delegationId: string;
  fromUserId: string;
  toUserId: string;
  comment: string | null;
}

/** How assignees hear about a task: each assignee by email, the tenant's Slack channel. */
export interface NotifyChannels {
  email: boolean;
  slack: boolean;
}

export interface DelegationResult {
  taskId: string;
  assignees: string[];
}

/**
 * The update id of a decision. Temporal runs an update id once per run and hands every retry the
 * first outcome. With any-one approval the id is the task id, so of two approvers clicking at
 * once exactly one decides and the other receives that decision (the server then tells them who
 * decided). When several approvals are needed each person's decision needs its own id:
 * `taskId:userId`. The workflow also refuses a decision id it has seen, whatever the update id.
 */
export function decisionUpdateId(taskId: string, userId: string, required: number): string {
  return required <= 1 ? taskId : `${taskId}:${userId}`;
}

export function decisionId(taskId: string, userId: string): string {
  return `${taskId}:${userId}`;
}

/** What the workflow asks the platform to persist and announce. */
export interface CreateTaskInput {
  taskId: string;
  tenantId: string;
  flowId: string;
  flowVersion: number;
  /** The user-facing run id (link to the run view). */
  runId: string;
  /** Where decisions are sent. */
  workflowId: string;
  nodeId: string;
  nodeName: string;
  /** The node run key (`nodeId` or `nodeId:i`), unique within the run. */
  nodeKey: string;
  title: string;
  description: string;
  details: Record<string, unknown>;
  form: FormField[];
  assignees: Assignees;
  required: { mode: 'any' | 'all' | 'count'; count: number };
  /** ISO 8601 or null: never due. */
  dueAt: string | null;
  notify: NotifyChannels;
  /** ISO 8601, workflow time. */
  createdAt: string;
}

export interface CreatedTask {
  /** User ids, resolved from users and roles, holding a role that may decide. */
  assignees: string[];
  /** Approvals needed to approve. */
  required: number;
}

export interface CloseTaskInput {
  tenantId: string;
  taskId: string;
  status: Exclude<TaskStatus, 'pending'>;
  decisions: DecisionRecord[];
  closedAt: string;
}

/** Activities of the platform worker (hosted by the server, with PostgreSQL and the notifier). */
export interface PlatformActivities {
  createApprovalTask(input: CreateTaskInput): Promise<CreatedTask>;
  /** Reminds the assignees who have not decided yet; `index` dedupes a retried reminder. */
  remindApprovalTask(input: {
    tenantId: string;
    taskId: string;
    index: number;
    notify: NotifyChannels;
  }): Promise<void>;
  /**
   * Adds assignees (resolved like at creation) and notifies the new ones; returns every
   * escalation assignee, not only the new ones, so a retried call tells the run the same.
   */
  escalateApprovalTask(input: {
    tenantId: string;
    taskId: string;
    assignees: Assignees;
    notify: NotifyChannels;
  }): Promise<{ added: string[] }>;
  /**
   * Stores a delegation the run accepted (row, assignees, audit), idempotent by delegation id.
   * The run stores it before the delegate update returns, so PostgreSQL never lags behind it.
   */
  recordDelegation(
    input: DelegationInput & { tenantId: string; delegatedAt: string },
  ): Promise<void>;
  closeApprovalTask(input: CloseTaskInput): Promise<void>;
}
