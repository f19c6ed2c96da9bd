// The approvers' inbox. Reads come from PostgreSQL (fast, no Temporal round trip); a decision is
// checked here (tenant, role, assignee, claim, form), delivered to the waiting run as a Temporal
// Update whose id makes a double click decide once, then stored and audited.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { decisionId, type DecisionRecord } from '@bizosaas/runtime';
import type { FormField } from '@bizosaas/nodes';
import type { Caller } from '../auth/caller.js';
import { AppError } from '../errors.js';
import { actorOf, audit, recordAudit } from '../services/audit.js';
import { scopeOf } from '../services/scope.js';
import { router, tenantProcedure, type Context, type TenantScope } from '../trpc/init.js';
import { id, strict } from '../trpc/schemas.js';
import {
  claim,
  closeTask,
  decisionsOf,
  delegationsOf,
  findTask,
  historyOf,
  insertDecision,
  mayDecide,
  openTasks,
  pendingFor,
  release,
  usersById,
  type DecisionRow,
  type TaskRow,
} from '../approvals/store.js';

type ApprovalContext = Context & { tenant: TenantScope; caller: Caller };

const listInput = strict({
  /** Only tasks of this flow. */
  flowId: id.optional(),
  limit: z.int().min(1).max(500).default(100),
}).optional();
const taskRef = strict({ taskId: id });
const comment = z.string().trim().max(5_000).optional();

interface Person {
  id: string;
  name: string;
}

/** One row of an inbox list. Times are ISO 8601; `overdue` is computed on the server's clock. */
export interface TaskSummary {
  id: string;
  title: string;
  flowId: string;
  flowVersion: number;
  /** The run waiting on the task: `runs.get({ runId })` and the run view. */
  runId: string;
  nodeName: string;
  status: TaskRow['status'];
  createdAt: string;
  dueAt: string | null;
  overdue: boolean;
  /** Approvals needed, and approvals given so far. */
  required: number;
  approvals: number;
  assignees: Person[];
  claimedBy: Person | null;
}

export interface TaskDetail extends TaskSummary {
  description: string;
  /** Labelled values the flow chose to show, already rendered from its expressions. */
  details: Record<string, unknown>;
  /** Fields to fill in when deciding (`decide({ form })`). */
  form: FormField[];
  decisions: {
    user: Person;
    decision: 'approve' | 'reject';
    comment: string | null;
    form: Record<string, unknown>;
    decidedAt: string;
  }[];
  delegations: { from: Person; to: Person; comment: string | null; at: string }[];
  /** Path of the run in the editor. */
  runLink: string;
  /** Whether the caller may decide now (assignee, not decided, not claimed by someone else). */
  canDecide: boolean;
}

const iso = (date: Date | string | null) => (date === null ? null : new Date(date).toISOString());

async function summaries(ctx: ApprovalContext, tasks: TaskRow[]): Promise<TaskSummary[]> {
  const decisions = await decisionsOf(
    ctx.em,
    ctx.tenant.id,
    tasks.map((t) => t.id),
  );
  const people = await usersById(ctx.em, [
    ...tasks.flatMap((t) => [...t.assignees, ...(t.claimedBy ? [t.claimedBy] : [])]),
  ]);
  const person = (userId: string): Person => ({
    id: userId,
    name: people.get(userId)?.displayName ?? 'former member',
  });
  const now = Date.now();
  return tasks.map((t) => ({
    id: t.id,
    title: t.title,
    flowId: t.flowId,
    flowVersion: t.flowVersion,
    runId: t.runId,
    nodeName: t.nodeName,
    status: t.status,
    createdAt: iso(t.createdAt) as string,
    dueAt: iso(t.dueAt),
    overdue: t.status === 'pending' && t.dueAt !== null && new Date(t.dueAt).getTime() < now,
    required: t.required,
    approvals: decisions.filter((d) => d.taskId === t.id && d.decision === 'approve').length,
    assignees: t.assignees.map(person),
    claimedBy: t.claimedBy ? person(t.claimedBy) : null,
  }));
}

/**
 * The task, if the caller may see it: admins and owners see every task of the tenant, approvers
 * the ones assigned to them or that they decided or delegated. Anything else is "not found", so
 * ids of other tenants' tasks (or other people's) reveal nothing.
 */
async function visibleTask(ctx: ApprovalContext, taskId: string) {
  const task = await findTask(ctx.em, ctx.tenant.id, taskId);
  if (!task) throw new AppError('NOT_FOUND', 'no such task');
  const decisions = await decisionsOf(ctx.em, ctx.tenant.id, [task.id]);
  const me = ctx.caller.userId;
  if (ctx.tenant.role === 'approver' && !task.assignees.includes(me)) {
    const involved =
      decisions.some((d) => d.userId === me) ||
      (await delegationsOf(ctx.em, ctx.tenant.id, task.id)).some((d) => d.fromUser === me);
    if (!involved) throw new AppError('NOT_FOUND', 'no such task');
  }
  return { task, decisions };
}

function checkForm(fields: FormField[], values: Record<string, unknown>): Record<string, unknown> {
  const known = new Map(fields.map((f) => [f.name, f]));
  for (const key of Object.keys(values))
    if (!known.has(key)) throw new AppError('BAD_REQUEST', `form.${key}: not a field of this task`);
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || value === null || value === '') {
      if (field.required)
        throw new AppError('BAD_REQUEST', `form.${field.name}: "${field.label}" is required`);
      continue;
    }
    const ok =
      field.type === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : field.type === 'boolean'
          ? typeof value === 'boolean'
          : field.type === 'select'
            ? typeof value === 'string' && field.options.includes(value)
            : field.type === 'date'
              ? typeof value === 'string' && !Number.isNaN(Date.parse(value))
              : typeof value === 'string' && value.length <= 10_000;
    if (!ok) throw new AppError('BAD_REQUEST', `form.${field.name}: not a valid ${field.type}`);
    out[field.name] = value;
  }
  return out;
}

function decisionView(d: DecisionRow, name: (id: string) => Person) {
  return {
    user: name(d.userId),
    decision: d.decision,
    comment: d.comment,
    form: d.form,
    decidedAt: iso(d.decidedAt) as string,
  };
}

export const approvalsRouter = router({
  /**
   * My pending tasks: open, assigned to me, not yet decided by me. Overdue ones first, then by
   * due time (tasks without one last), then oldest first.
   */
  inbox: tenantProcedure.input(listInput).query(async ({ ctx, input }) => {
    const filter = input ?? { limit: 100 };
    const tasks = await pendingFor(ctx.em, ctx.tenant.id, ctx.caller.userId, filter);
    return { tasks: await summaries(ctx, tasks) };
  }),

  /** Tasks I decided or delegated away, newest first, with what I did. */
  history: tenantProcedure.input(listInput).query(async ({ ctx, input }) => {
    const filter = input ?? { limit: 100 };
    const rows = await historyOf(ctx.em, ctx.tenant.id, ctx.caller.userId, filter);
    const list = await summaries(ctx, rows);
    const people = await usersById(
      ctx.em,
      rows.flatMap((r) => (r.delegatedTo ? [r.delegatedTo] : [])),
    );
    return {
      tasks: list.map((task, i) => {
        const row = rows[i] as (typeof rows)[number];
        return {
          ...task,
          mine: {
            action: row.action,
            at: iso(row.actedAt) as string,
            comment: row.comment,
            delegatedTo: row.delegatedTo
              ? {
                  id: row.delegatedTo,
                  name: people.get(row.delegatedTo)?.displayName ?? 'former member',
                }
              : null,
          },
        };
      }),
    };
  }),

  /** A task with everything needed to decide it: rendered context, form, decisions so far. */
  get: tenantProcedure.input(taskRef).query(async ({ ctx, input }): Promise<TaskDetail> => {
    const { task, decisions } = await visibleTask(ctx, input.taskId);
    const delegations = await delegationsOf(ctx.em, ctx.tenant.id, task.id);
    const [summary] = await summaries(ctx, [task]);
    const people = await usersById(ctx.em, [
      ...decisions.map((d) => d.userId),
      ...delegations.flatMap((d) => [d.fromUser, d.toUser]),
    ]);
    const name = (userId: string): Person => ({
      id: userId,
      name: people.get(userId)?.displayName ?? 'former member',
    });
    const me = ctx.caller.userId;
    return {
      ...(summary as TaskSummary),
      description: task.description,
      details: task.details,
      form: task.form,
      decisions: decisions.map((d) => decisionView(d, name)),
      delegations: delegations.map((d) => ({
        from: name(d.fromUser),
        to: name(d.toUser),
        comment: d.comment,
        at: iso(d.createdAt) as string,
      })),
      runLink: `/runs/${encodeURIComponent(task.runId)}`,
      canDecide:
        task.status === 'pending' &&
        task.assignees.includes(me) &&
        !decisions.some((d) => d.userId === me) &&
        (task.claimedBy === null || task.claimedBy === me),
    };
  }),

  /** Takes the task so other assignees see someone is on it; refused while another holds it. */
  claim: tenantProcedure.input(taskRef).mutation(async ({ ctx, input }) => {
    const { task } = await visibleTask(ctx, input.taskId);
    const me = ctx.caller.userId;
    if (!task.assignees.includes(me))
      throw new AppError('FORBIDDEN', 'only an assignee can claim this task');
    if (task.status !== 'pending') throw new AppError('CONFLICT', `the task is ${task.status}`);
    const held = await claim(ctx.em, ctx.tenant.id, task.id, me);
    if (held.claimedBy !== me) {
      const holder = (await usersById(ctx.em, [held.claimedBy ?? ''])).get(held.claimedBy ?? '');
      throw new AppError('CONFLICT', `${holder?.displayName ?? 'someone'} is working on it`, {
        claimedBy: held.claimedBy,
      });
    }
    if (task.claimedBy !== me) {
      await audit(scopeOf(ctx), {
        action: 'approval.claimed',
        targetType: 'approval_task',
        targetId: task.id,
      });
      // The other assignees' open inboxes show at once who is working on it.
      ctx.services.liveEvents.publish(ctx.tenant.id, { topic: 'approvals' });
    }
    return { taskId: task.id, claimedBy: me, claimedAt: iso(held.claimedAt) };
  }),

  /** Gives the task back; the claim holder can, and so can an admin or owner (a stale claim). */
  release: tenantProcedure.input(taskRef).mutation(async ({ ctx, input }) => {
    const { task } = await visibleTask(ctx, input.taskId);
    const me = ctx.caller.userId;
    if (task.claimedBy === null) return { taskId: task.id, released: false };
    if (task.claimedBy !== me && ctx.tenant.role === 'approver')
      throw new AppError('FORBIDDEN', 'only the person working on it can release it');
    await release(ctx.em, ctx.tenant.id, task.id);
    await audit(scopeOf(ctx), {
      action: 'approval.released',
      targetType: 'approval_task',
      targetId: task.id,
      data: { claimedBy: task.claimedBy },
    });
    ctx.services.liveEvents.publish(ctx.tenant.id, { topic: 'approvals' });
    return { taskId: task.id, released: true };
  }),

  /**
   * Hands my part of the task to another member who may decide (approver, admin or owner). The
   * delegate replaces me among the assignees; I keep seeing it in `history`; it is audited.
   */
  delegate: tenantProcedure
    .input(strict({ taskId: id, toUserId: id, comment }))
    .mutation(async ({ ctx, input }) => {
      const { task, decisions } = await visibleTask(ctx, input.taskId);
      const me = ctx.caller.userId;
      if (task.status !== 'pending') throw new AppError('CONFLICT', `the task is ${task.status}`);
      if (!task.assignees.includes(me))
        throw new AppError('FORBIDDEN', 'only an assignee can delegate this task');
      if (decisions.some((d) => d.userId === me))
        throw new AppError('CONFLICT', 'you have already decided this task');
      if (input.toUserId === me) throw new AppError('BAD_REQUEST', 'toUserId: that is you');
      if (task.assignees.includes(input.toUserId))
        throw new AppError('CONFLICT', 'that user is already an assignee');
      if (!(await mayDecide(ctx.em, ctx.tenant.id, input.toUserId)))
        throw new AppError(
          'BAD_REQUEST',
          'toUserId: not a member of this tenant who may decide (approver, admin or owner)',
        );
      // The run accepts the delegation and stores it (row, assignees, audit) through its platform
      // worker before the update returns, so nothing here can leave the two disagreeing.
      await ctx.services.approvals.delegate(task.workflowId, {
        taskId: task.id,
        delegationId: randomUUID(),
        fromUserId: me,
        toUserId: input.toUserId,
        comment: input.comment ?? null,
      });
      return { taskId: task.id, delegatedTo: input.toUserId };
    }),

  /**
   * Approves or rejects. Idempotent: deciding again (a double click, a retried request) returns
   * the first decision with `alreadyDecided: true`. Refused for non-assignees (403), for closed
   * tasks and tasks claimed by someone else (409), and when the form is incomplete (400).
   */
  decide: tenantProcedure
    .input(
      strict({
        taskId: id,
        decision: z.enum(['approve', 'reject']),
        comment,
        form: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { task, decisions } = await visibleTask(ctx, input.taskId);
      const me = ctx.caller.userId;
      const mine = decisions.find((d) => d.userId === me);
      if (mine)
        return {
          taskId: task.id,
          decision: mine.decision,
          status: task.status,
          decidedAt: iso(mine.decidedAt) as string,
          alreadyDecided: true,
        };
      if (task.status !== 'pending')
        throw new AppError('CONFLICT', `the task is already ${task.status}`, {
          status: task.status,
        });
      if (!task.assignees.includes(me))
        throw new AppError('FORBIDDEN', 'you are not an assignee of this task');
      if (task.claimedBy !== null && task.claimedBy !== me)
        throw new AppError('CONFLICT', 'someone else is working on this task', {
          claimedBy: task.claimedBy,
        });
      const form = checkForm(task.form, input.form);
      const self = (await usersById(ctx.em, [me])).get(me);
      const result = await ctx.services.approvals.decide(task.workflowId, task.required, {
        taskId: task.id,
        decisionId: decisionId(task.id, me),
        userId: me,
        ...(self ? { user: { name: self.displayName, email: self.email } } : {}),
        decision: input.decision,
        comment: input.comment ?? null,
        form,
      });
      // With any-one approval a concurrent decider's update carries the same id: they won.
      if (result.record.userId !== me) {
        await storeDecision(ctx, task, result.record, result.status);
        throw new AppError('CONFLICT', 'someone else decided this task first', {
          status: result.status,
        });
      }
      await storeDecision(ctx, task, result.record, result.status);
      ctx.services.liveEvents.publish(ctx.tenant.id, { topic: 'approvals' });
      // Concurrent identical requests (a double click) share one update id, so they all get
      // this same decision; `alreadyDecided` marks calls made after it was stored.
      return {
        taskId: task.id,
        decision: result.record.decision,
        status: result.status,
        decidedAt: result.record.decidedAt,
        alreadyDecided: false,
      };
    }),

  /**
   * The team's open tasks, oldest first, each with its age and whether it is overdue (the SLA),
   * and per assignee: how many are open, how many overdue, and the age of the oldest.
   */
  team: tenantProcedure.input(listInput).query(async ({ ctx, input }) => {
    const filter = input ?? { limit: 100 };
    const tasks = await summaries(ctx, await openTasks(ctx.em, ctx.tenant.id, filter));
    const now = Date.now();
    const withAge = tasks.map((t) => ({ ...t, ageMs: now - Date.parse(t.createdAt) }));
    const byAssignee = new Map<
      string,
      { user: Person; open: number; overdue: number; oldestAgeMs: number }
    >();
    for (const task of withAge) {
      for (const user of task.assignees) {
        const entry = byAssignee.get(user.id) ?? { user, open: 0, overdue: 0, oldestAgeMs: 0 };
        entry.open += 1;
        if (task.overdue) entry.overdue += 1;
        entry.oldestAgeMs = Math.max(entry.oldestAgeMs, task.ageMs);
        byAssignee.set(user.id, entry);
      }
    }
    return {
      now: new Date(now).toISOString(),
      tasks: withAge,
      byAssignee: [...byAssignee.values()].sort(
        (a, b) => b.overdue - a.overdue || b.oldestAgeMs - a.oldestAgeMs,
      ),
    };
  }),
});

/** Stores a decision the run accepted and audits it, once (the first writer does). */
async function storeDecision(
  ctx: ApprovalContext,
  task: TaskRow,
  record: DecisionRecord,
  status: TaskRow['status'],
): Promise<void> {
  await ctx.em.transactional(async (em) => {
    const fresh = await insertDecision(em, ctx.tenant.id, task.id, record);
    if (status !== 'pending')
      await closeTask(
        em,
        ctx.tenant.id,
        task.id,
        status,
        record.userId,
        new Date(record.decidedAt),
      );
    if (fresh)
      await recordAudit(
        em,
        record.userId === ctx.caller.userId
          ? actorOf(ctx.caller, ctx.requestId)
          : { type: 'user', id: record.userId, requestId: ctx.requestId },
        {
          tenantId: ctx.tenant.id,
          action: 'approval.decided',
          targetType: 'approval_task',
          targetId: task.id,
          data: { decision: record.decision, status, flowId: task.flowId, runId: task.runId },
        },
      );
  });
}
