// Approval tasks in PostgreSQL: what the inbox reads (fast, no Temporal round trip) and what the
// platform activities and the decide procedure write. Every statement names its tenant.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Assignees, FormField } from '@bizosaas/nodes';
import { DECIDING_ROLES } from '@bizosaas/nodes';
import type { DecisionRecord, TaskStatus } from '@bizosaas/runtime';

export interface TaskRow {
  id: string;
  tenantId: string;
  flowId: string;
  flowVersion: number;
  runId: string;
  workflowId: string;
  nodeId: string;
  nodeKey: string;
  nodeName: string;
  title: string;
  description: string;
  details: Record<string, unknown>;
  form: FormField[];
  required: number;
  assignees: string[];
  status: TaskStatus;
  dueAt: Date | null;
  claimedBy: string | null;
  claimedAt: Date | null;
  decidedBy: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface DecisionRow extends Omit<DecisionRecord, 'decidedAt'> {
  taskId: string;
  decidedAt: Date;
}

export interface DelegationRow {
  id: string;
  taskId: string;
  fromUser: string;
  toUser: string;
  comment: string | null;
  createdAt: Date;
}

const TASK_COLUMNS = `t.id, t.tenant_id AS "tenantId", t.flow_id AS "flowId",
  t.flow_version AS "flowVersion", t.run_id AS "runId", t.workflow_id AS "workflowId",
  t.node_id AS "nodeId", t.node_key AS "nodeKey", t.node_name AS "nodeName", t.title,
  t.description, t.details, t.form, t.required, t.assignees, t.status, t.due_at AS "dueAt",
  t.claimed_by AS "claimedBy", t.claimed_at AS "claimedAt", t.decided_by AS "decidedBy",
  t.created_at AS "createdAt", t.closed_at AS "closedAt"`;

type Executor = Pick<EntityManager, 'execute'>;

/** Runs inside the entity manager's transaction, when it has one. */
function sql<T>(em: Executor, query: string, params: unknown[] = []): Promise<T[]> {
  return em.execute<T[]>(query, params);
}

/** A PostgreSQL array literal: the query builder would spread a JS array into a value list. */
function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * Members of the tenant named directly or by role who hold a role that may decide; anybody else
 * (another tenant's user, a viewer) is dropped, so an assignee list can never reach outside.
 */
export async function resolveAssignees(
  em: Executor,
  tenantId: string,
  assignees: Assignees,
): Promise<string[]> {
  const rows = await sql<{ userId: string }>(
    em,
    `SELECT user_id AS "userId" FROM memberships
      WHERE tenant_id = ? AND role = ANY(?::text[])
        AND (user_id = ANY(?::uuid[]) OR role = ANY(?::text[]))
      ORDER BY created_at, user_id`,
    [tenantId, pgArray(DECIDING_ROLES), pgArray(assignees.users), pgArray(assignees.roles)],
  );
  return rows.map((r) => r.userId);
}

/** Whether the user may decide in the tenant (a member with a deciding role). */
export async function mayDecide(em: Executor, tenantId: string, userId: string) {
  return (await resolveAssignees(em, tenantId, { users: [userId], roles: [] })).length === 1;
}

export async function insertTask(
  em: Executor,
  task: Omit<TaskRow, 'status' | 'claimedBy' | 'claimedAt' | 'decidedBy' | 'closedAt'>,
): Promise<boolean> {
  const rows = await sql<{ id: string }>(
    em,
    `INSERT INTO approval_tasks (id, tenant_id, flow_id, flow_version, run_id, workflow_id, node_id,
        node_key, node_name, title, description, details, form, required, assignees, due_at,
        created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::uuid[], ?, ?)
      ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      task.id,
      task.tenantId,
      task.flowId,
      task.flowVersion,
      task.runId,
      task.workflowId,
      task.nodeId,
      task.nodeKey,
      task.nodeName,
      task.title,
      task.description,
      JSON.stringify(task.details),
      JSON.stringify(task.form),
      task.required,
      pgArray(task.assignees),
      task.dueAt,
      task.createdAt,
    ],
  );
  return rows.length === 1;
}

export async function findTask(
  em: Executor,
  tenantId: string,
  taskId: string,
): Promise<TaskRow | undefined> {
  const [row] = await sql<TaskRow>(
    em,
    `SELECT ${TASK_COLUMNS} FROM approval_tasks t WHERE t.tenant_id = ? AND t.id = ?`,
    [tenantId, taskId],
  );
  return row;
}

export interface InboxFilter {
  flowId?: string | undefined;
  limit: number;
}

/** Open tasks assigned to the user that they have not decided: overdue first, then by due time. */
export async function pendingFor(
  em: Executor,
  tenantId: string,
  userId: string,
  filter: InboxFilter,
): Promise<TaskRow[]> {
  return sql<TaskRow>(
    em,
    `SELECT ${TASK_COLUMNS} FROM approval_tasks t
      WHERE t.tenant_id = ? AND t.status = 'pending' AND t.assignees @> ARRAY[?]::uuid[]
        AND (?::uuid IS NULL OR t.flow_id = ?::uuid)
        AND NOT EXISTS (SELECT 1 FROM approval_decisions d WHERE d.task_id = t.id AND d.user_id = ?)
      ORDER BY (t.due_at IS NOT NULL AND t.due_at < now()) DESC, t.due_at ASC NULLS LAST,
        t.created_at ASC
      LIMIT ?`,
    [tenantId, userId, filter.flowId ?? null, filter.flowId ?? null, userId, filter.limit],
  );
}

export interface HistoryRow extends TaskRow {
  action: 'approve' | 'reject' | 'delegate';
  actedAt: Date;
  comment: string | null;
  delegatedTo: string | null;
}

/** Tasks the user decided or delegated away, newest first. */
export async function historyOf(
  em: Executor,
  tenantId: string,
  userId: string,
  filter: InboxFilter,
): Promise<HistoryRow[]> {
  return sql<HistoryRow>(
    em,
    `SELECT ${TASK_COLUMNS}, a.action, a.acted_at AS "actedAt", a.comment,
        a.delegated_to AS "delegatedTo"
      FROM (
        SELECT task_id, decision AS action, decided_at AS acted_at, comment, NULL::uuid AS delegated_to
          FROM approval_decisions WHERE tenant_id = ? AND user_id = ?
        UNION ALL
        SELECT task_id, 'delegate', created_at, comment, to_user
          FROM approval_delegations WHERE tenant_id = ? AND from_user = ?
      ) a JOIN approval_tasks t ON t.id = a.task_id AND t.tenant_id = ?
      WHERE (?::uuid IS NULL OR t.flow_id = ?::uuid)
      ORDER BY a.acted_at DESC LIMIT ?`,
    [
      tenantId,
      userId,
      tenantId,
      userId,
      tenantId,
      filter.flowId ?? null,
      filter.flowId ?? null,
      filter.limit,
    ],
  );
}

/** Every open task of the tenant, oldest first: the team view. */
export async function openTasks(em: Executor, tenantId: string, filter: InboxFilter) {
  return sql<TaskRow>(
    em,
    `SELECT ${TASK_COLUMNS} FROM approval_tasks t
      WHERE t.tenant_id = ? AND t.status = 'pending' AND (?::uuid IS NULL OR t.flow_id = ?::uuid)
      ORDER BY t.created_at ASC LIMIT ?`,
    [tenantId, filter.flowId ?? null, filter.flowId ?? null, filter.limit],
  );
}

export async function decisionsOf(em: Executor, tenantId: string, taskIds: string[]) {
  if (taskIds.length === 0) return [];
  return sql<DecisionRow>(
    em,
    `SELECT task_id AS "taskId", user_id AS "userId", decision, comment, form,
        decided_at AS "decidedAt"
      FROM approval_decisions WHERE tenant_id = ? AND task_id = ANY(?::uuid[])
      ORDER BY decided_at`,
    [tenantId, pgArray(taskIds)],
  );
}

export async function delegationsOf(em: Executor, tenantId: string, taskId: string) {
  return sql<DelegationRow>(
    em,
    `SELECT id, task_id AS "taskId", from_user AS "fromUser", to_user AS "toUser", comment,
        created_at AS "createdAt"
      FROM approval_delegations WHERE tenant_id = ? AND task_id = ? ORDER BY created_at`,
    [tenantId, taskId],
  );
}

/** Inserts a decision once; false when that user's decision on the task was already stored. */
export async function insertDecision(
  em: Executor,
  tenantId: string,
  taskId: string,
  record: DecisionRecord,
): Promise<boolean> {
  const rows = await sql<{ taskId: string }>(
    em,
    `INSERT INTO approval_decisions (task_id, user_id, tenant_id, decision, comment, form, decided_at)
      VALUES (?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (task_id, user_id) DO NOTHING
      RETURNING task_id AS "taskId"`,
    [
      taskId,
      record.userId,
      tenantId,
      record.decision,
      record.comment,
      JSON.stringify(record.form),
      record.decidedAt,
    ],
  );
  return rows.length === 1;
}

/** Closes a pending task; false when it was already closed. */
export async function closeTask(
  em: Executor,
  tenantId: string,
  taskId: string,
  status: Exclude<TaskStatus, 'pending'>,
  decidedBy: string | null,
  closedAt: Date,
): Promise<boolean> {
  const rows = await sql<{ id: string }>(
    em,
    `UPDATE approval_tasks SET status = ?, decided_by = ?, closed_at = ?,
        claimed_by = NULL, claimed_at = NULL
      WHERE tenant_id = ? AND id = ? AND status = 'pending' RETURNING id`,
    [status, decidedBy, closedAt, tenantId, taskId],
  );
  return rows.length === 1;
}

export async function addAssignees(
  em: Executor,
  tenantId: string,
  taskId: string,
  userIds: string[],
): Promise<string[]> {
  const [row] = await sql<{ assignees: string[] }>(
    em,
    `UPDATE approval_tasks SET assignees = ARRAY(
        SELECT DISTINCT unnest(assignees || ?::uuid[]))
      WHERE tenant_id = ? AND id = ? AND status = 'pending' RETURNING assignees`,
    [pgArray(userIds), tenantId, taskId],
  );
  return row?.assignees ?? [];
}

/**
 * Takes a claim when the task is unclaimed or already the user's; returns the claim holder
 * afterwards (someone else's id when they hold it).
 */
export async function claim(em: Executor, tenantId: string, taskId: string, userId: string) {
  await sql(
    em,
    `UPDATE approval_tasks SET claimed_by = ?, claimed_at = now()
      WHERE tenant_id = ? AND id = ? AND status = 'pending' AND claimed_by IS NULL`,
    [userId, tenantId, taskId],
  );
  const task = await findTask(em, tenantId, taskId);
  return { claimedBy: task?.claimedBy ?? null, claimedAt: task?.claimedAt ?? null };
}

export async function release(em: Executor, tenantId: string, taskId: string) {
  await sql(
    em,
    `UPDATE approval_tasks SET claimed_by = NULL, claimed_at = NULL WHERE tenant_id = ? AND id = ?`,
    [tenantId, taskId],
  );
}

/** Stores a delegation once; false when this delegation id was stored before. */
export async function recordDelegation(
  em: Executor,
  tenantId: string,
  delegation: DelegationRow,
): Promise<boolean> {
  const inserted = await sql(
    em,
    `INSERT INTO approval_delegations (id, task_id, tenant_id, from_user, to_user, comment, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      delegation.id,
      delegation.taskId,
      tenantId,
      delegation.fromUser,
      delegation.toUser,
      delegation.comment,
      delegation.createdAt,
    ],
  );
  if (inserted.length === 0) return false;
  // The delegator hands over their claim too; the delegate starts with a free task.
  await sql(
    em,
    `UPDATE approval_tasks SET
        assignees = array_append(array_remove(assignees, ?::uuid), ?::uuid),
        claimed_by = CASE WHEN claimed_by = ? THEN NULL ELSE claimed_by END,
        claimed_at = CASE WHEN claimed_by = ? THEN NULL ELSE claimed_at END
      WHERE tenant_id = ? AND id = ? AND NOT (assignees @> ARRAY[?]::uuid[])`,
    [
      delegation.fromUser,
      delegation.toUser,
      delegation.fromUser,
      delegation.fromUser,
      tenantId,
      delegation.taskId,
      delegation.toUser,
    ],
  );
  return true;
}

/** Display names and emails of users, for the inbox and notifications. */
export async function usersById(em: Executor, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, { displayName: string; email: string }>();
  const rows = await sql<{ id: string; displayName: string; email: string }>(
    em,
    `SELECT id, display_name AS "displayName", email FROM users WHERE id = ANY(?::uuid[])`,
    [pgArray([...new Set(userIds)])],
  );
  return new Map(rows.map((r) => [r.id, { displayName: r.displayName, email: r.email }]));
}
