// The platform activities behind approval nodes, run by the server-hosted platform worker: they
// reach PostgreSQL and the notifier, which the flow worker by design cannot. Each is idempotent
// (Temporal may run an activity again after a crash), and none fails because a notification did.
import { ApplicationFailure } from '@temporalio/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '@bizosaas/shared/config';
import type { LiveEvents, NotifyChannels, PlatformActivities } from '@bizosaas/runtime';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notifications/notifier.js';
import { recordAudit } from '../services/audit.js';
import { settingsFor } from '../tenants/settings.js';
import {
  addAssignees,
  closeTask,
  decisionsOf,
  findTask,
  insertDecision,
  insertTask,
  recordDelegation,
  resolveAssignees,
  usersById,
  type TaskRow,
} from './store.js';

export interface PlatformDeps {
  config: Config;
  orm: MikroORM;
  notifier: Notifier;
  liveEvents: LiveEvents;
  logger: Logger;
}

/** The inbox page of a task: what notifications link to. */
export function inboxLink(config: Config, taskId: string): string {
  const base = config.PUBLIC_URL ?? `http://${config.SERVER_HOST}:${config.SERVER_PORT}`;
  return `${base.replace(/\/$/, '')}/inbox/${taskId}`;
}

export function createPlatformActivities(deps: PlatformDeps): PlatformActivities {
  const { config, orm, notifier } = deps;
  /** Open inboxes and the run's canvas refresh when a task opens, moves or closes. */
  const changed = (tenantId: string, runId?: string) => {
    deps.liveEvents.publish(tenantId, { topic: 'approvals' });
    if (runId) deps.liveEvents.publish(tenantId, { topic: 'run', runId });
  };

  /** A task's event: by the deciding or delegating user, or by the run itself (system). */
  function audit(
    tenantId: string,
    action: string,
    taskId: string,
    data = {},
    actorId: string | null = null,
    em = orm.em.fork(),
  ) {
    const actor = { type: actorId ? ('user' as const) : ('system' as const), id: actorId };
    return recordAudit(em, actor, {
      tenantId,
      action,
      targetType: 'approval_task',
      targetId: taskId,
      data,
    });
  }

  /**
   * One email per user and one post to the tenant's Slack channel, as the node asks. Job ids
   * carry the task and the occasion, so a retried activity sends nothing twice.
   */
  async function announce(
    task: TaskRow,
    userIds: string[],
    occasion: string,
    subject: string,
    notify: NotifyChannels,
  ) {
    const em = orm.em.fork();
    const users = await usersById(em, userIds);
    const text = [task.title, task.description].filter(Boolean).join('\n\n');
    const link = inboxLink(config, task.id);
    const jobs: Promise<boolean>[] = [];
    if (notify.email)
      for (const userId of userIds) {
        const user = users.get(userId);
        if (user)
          jobs.push(
            notifier.enqueue({
              id: `approval-${task.id}-${occasion}-${userId}`,
              tenantId: task.tenantId,
              channel: 'email',
              to: [user.email],
              subject,
              text,
              link,
            }),
          );
      }
    const slack = notify.slack
      ? (await settingsFor(em, task.tenantId)).notifications.slackConnectionId
      : null;
    if (slack) {
      const names = userIds.map((id) => users.get(id)?.displayName).filter(Boolean);
      jobs.push(
        notifier.enqueue({
          id: `approval-${task.id}-${occasion}-slack`,
          tenantId: task.tenantId,
          channel: 'slack',
          connectionId: slack,
          text: [`*${subject}*`, task.description, names.length ? `For: ${names.join(', ')}` : '']
            .filter(Boolean)
            .join('\n'),
          link,
        }),
      );
    }
    await Promise.all(jobs);
  }

  return {
    async createApprovalTask(input) {
      const em = orm.em.fork();
      const assignees = await resolveAssignees(em, input.tenantId, input.assignees);
      if (assignees.length === 0) {
        throw ApplicationFailure.nonRetryable(
          'nobody in the tenant may decide this task: name approvers, admins or owners',
          'NO_ASSIGNEES',
        );
      }
      // "count" above the number of assignees could never be met; it asks for all of them.
      const required =
        input.required.mode === 'any'
          ? 1
          : input.required.mode === 'all'
            ? assignees.length
            : Math.min(input.required.count, assignees.length);
      const row = {
        id: input.taskId,
        tenantId: input.tenantId,
        flowId: input.flowId,
        flowVersion: input.flowVersion,
        runId: input.runId,
        workflowId: input.workflowId,
        nodeId: input.nodeId,
        nodeKey: input.nodeKey,
        nodeName: input.nodeName,
        title: input.title,
        description: input.description,
        details: input.details,
        form: input.form,
        required,
        assignees,
        dueAt: input.dueAt === null ? null : new Date(input.dueAt),
        createdAt: new Date(input.createdAt),
      };
      let task = { ...row, status: 'pending' } as TaskRow;
      if (await insertTask(em, row)) {
        await audit(input.tenantId, 'approval.requested', input.taskId, {
          flowId: input.flowId,
          node: input.nodeName,
          assignees: assignees.length,
          required,
        });
      } else {
        // A retry: the row is already there, and maybe changed since (delegation, escalation).
        // The attempt that wrote it may have died before its announcement was queued, so it is
        // announced again; the job ids make that a no-op for what was queued already.
        task = (await findTask(em, input.tenantId, input.taskId)) ?? task;
      }
      changed(input.tenantId, input.runId);
      if (task.status === 'pending')
        await announce(
          task,
          task.assignees,
          'new',
          `Approval needed: ${input.title}`,
          input.notify,
        );
      return { assignees: task.assignees, required: task.required };
    },

    async remindApprovalTask({ tenantId, taskId, index, notify }) {
      const em = orm.em.fork();
      const task = await findTask(em, tenantId, taskId);
      if (!task || task.status !== 'pending') return;
      const decided = new Set((await decisionsOf(em, tenantId, [taskId])).map((d) => d.userId));
      const waiting = task.assignees.filter((u) => !decided.has(u));
      await announce(
        task,
        waiting,
        `remind${index}`,
        `Reminder — approval needed: ${task.title}`,
        notify,
      );
    },

    async escalateApprovalTask({ tenantId, taskId, assignees, notify }) {
      const em = orm.em.fork();
      const task = await findTask(em, tenantId, taskId);
      if (!task || task.status !== 'pending') return { added: [] };
      const escalated = await resolveAssignees(em, tenantId, assignees);
      const fresh = escalated.filter((u) => !task.assignees.includes(u));
      if (fresh.length > 0) {
        await addAssignees(em, tenantId, taskId, fresh);
        await audit(tenantId, 'approval.escalated', taskId, { added: fresh });
        changed(tenantId);
        await announce(
          task,
          fresh,
          'escalated',
          `Escalated — approval needed: ${task.title}`,
          notify,
        );
      }
      // All of them, not only the fresh ones: a retried call must tell the run the same.
      return { added: escalated };
    },

    async recordDelegation(input) {
      await orm.em.fork().transactional(async (em) => {
        const stored = await recordDelegation(em, input.tenantId, {
          id: input.delegationId,
          taskId: input.taskId,
          fromUser: input.fromUserId,
          toUser: input.toUserId,
          comment: input.comment,
          createdAt: new Date(input.delegatedAt),
        });
        if (stored)
          await audit(
            input.tenantId,
            'approval.delegated',
            input.taskId,
            { from: input.fromUserId, to: input.toUserId },
            input.fromUserId,
            em,
          );
      });
      changed(input.tenantId);
    },

    async closeApprovalTask({ tenantId, taskId, status, decisions, closedAt }) {
      const em = orm.em.fork();
      // The decide procedure normally stored these already; this backs up a server that died
      // between the update and its own write.
      for (const decision of decisions) {
        // Whoever stores a decision first (this or the decide call) audits it, so it is once.
        if (await insertDecision(em, tenantId, taskId, decision))
          await audit(
            tenantId,
            'approval.decided',
            taskId,
            { decision: decision.decision, status },
            decision.userId,
            em,
          );
      }
      const deciding =
        status === 'approved' || status === 'rejected' ? decisions.at(-1) : undefined;
      const closed = await closeTask(
        em,
        tenantId,
        taskId,
        status,
        deciding?.userId ?? null,
        new Date(closedAt),
      );
      if (closed && (status === 'timeout' || status === 'cancelled'))
        await audit(
          tenantId,
          `approval.${status === 'timeout' ? 'timed_out' : 'cancelled'}`,
          taskId,
        );
      if (closed) changed(tenantId);
    },
  };
}
