// Approvers' day with the inbox, against the real stack: a run parks on an approval node, the
// approvers get an email with a link to the task (a real SMTP server), decide in the inbox, and
// the run goes on by the decision. Refusals, doubles, N-of-M, claims, delegation, reminders,
// escalation, timeout, overdue tasks, the Slack channel, a retried task request, and a server
// restart while a task waits.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '@bizosaas/shared';
import type { CreateTaskInput } from '@bizosaas/runtime';
import { createPlatformActivities } from '../src/approvals/activities.js';
import {
  addMember,
  call,
  login,
  signUp,
  startTestServer,
  unique,
  type Session,
  type TestServer,
} from './harness.js';
import { approvalFlow } from './flows.js';
import { eventually, startSmtp } from './smtp.js';

/** A Slack-compatible incoming webhook (Slack's own is external): it records what is posted. */
async function startSlackWebhook() {
  const received: { path: string; text: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', text: (JSON.parse(body) as { text: string }).text });
      res.writeHead(200).end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    received,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const PUBLIC_URL = 'http://inbox.bizosaas.test';

interface Summary {
  id: string;
  runId: string;
  title: string;
  overdue: boolean;
  dueAt: string | null;
  status: string;
  approvals: number;
  required: number;
  assignees: { id: string; name: string }[];
  claimedBy: { id: string } | null;
}

function harness(getServer: () => TestServer) {
  const url = () => getServer().url;
  const q = <T>(who: Session, path: string, input?: unknown) =>
    call<T>(url(), path, input, { ...who, type: 'query' });
  const m = <T>(who: Session, path: string, input?: unknown) => call<T>(url(), path, input, who);

  async function startRun(owner: Session, params: Record<string, JsonValue>, trigger = {}) {
    const created = await m<{ id: string }>(owner, 'flows.create', {
      name: unique('approval'),
      graph: approvalFlow(params),
    });
    if (!created.data) throw new Error(JSON.stringify(created.error));
    const published = await m(owner, 'flows.publish', { flowId: created.data.id, revision: 1 });
    if (published.status !== 200) throw new Error(JSON.stringify(published.error));
    const run = await m<{ runId: string }>(owner, 'runs.start', {
      flowId: created.data.id,
      payload: { discount: 15, customer: 'ACME', amount: 12000, ...trigger },
    });
    if (!run.data) throw new Error(JSON.stringify(run.error));
    return { flowId: created.data.id, runId: run.data.runId };
  }

  /** The task of the run, once it is in `who`'s inbox. */
  const taskIn = (who: Session, runId: string) =>
    eventually(async () => {
      const inbox = await q<{ tasks: Summary[] }>(who, 'approvals.inbox');
      return inbox.data?.tasks.find((t) => t.runId === runId);
    });

  const finished = (owner: Session, runId: string) =>
    eventually(async () => {
      const run = await q<{ status: string; result?: { output: Record<string, unknown> } }>(
        owner,
        'runs.get',
        { runId },
      );
      return run.data && run.data.status !== 'running' ? run.data : undefined;
    }, 30_000);

  /** `who` approves the task, which closes it, and the run goes on along `approved`. */
  async function approveToEnd(who: Session, taskId: string, owner: Session, runId: string) {
    const done = await m<{ status: string }>(who, 'approvals.decide', {
      taskId,
      decision: 'approve',
    });
    expect(done.data?.status, JSON.stringify(done.error)).toBe('approved');
    expect((await finished(owner, runId)).result?.output).toEqual({
      went: 'approved',
      by: who.userId,
    });
  }

  return { q, m, startRun, taskIn, finished, approveToEnd };
}

describe('approvals inbox', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let server: TestServer;
  let owner: Session;
  let ann: Session;
  let bob: Session;
  let cat: Session;
  let admin: Session;
  let viewer: Session;
  let stranger: Session;
  const h = harness(() => server);

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startTestServer({
      worker: true,
      config: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL },
    });
    owner = await signUp(server.url);
    ann = await addMember(server.url, owner, 'approver');
    bob = await addMember(server.url, owner, 'approver');
    cat = await addMember(server.url, owner, 'approver');
    admin = await addMember(server.url, owner, 'admin');
    viewer = await addMember(server.url, owner, 'viewer');
    stranger = await signUp(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('emails a deep link; approve resumes the run; a double click decides once; outsiders are refused', async () => {
    const { runId } = await h.startRun(owner, { assignees: { users: [ann.userId, bob.userId] } });
    const task = await h.taskIn(ann, runId);
    expect(task.title).toBe('Discount of 15% for ACME');

    const mail = await eventually(() =>
      smtp.received.find(
        (m) =>
          m.text?.includes(`${PUBLIC_URL}/inbox/${task.id}`) &&
          m.to &&
          'text' in m.to &&
          m.to.text === ann.email,
      ),
    );
    expect(mail.subject).toBe('Approval needed: Discount of 15% for ACME');
    expect(mail.html).toContain(`href="${PUBLIC_URL}/inbox/${task.id}"`);

    const detail = await h.q<{
      description: string;
      details: unknown;
      runLink: string;
      canDecide: boolean;
    }>(ann, 'approvals.get', { taskId: task.id });
    expect(detail.data).toMatchObject({
      description: 'Deal size 12000 EUR',
      details: { Customer: 'ACME', Discount: 15 },
      runLink: `/runs/${encodeURIComponent(runId)}`,
      canDecide: true,
    });

    // Outsiders: an approver who is not assigned, a viewer, another tenant's owner, an admin who
    // is not an assignee.
    expect(
      (await h.m(cat, 'approvals.decide', { taskId: task.id, decision: 'approve' })).status,
    ).toBe(404);
    expect(
      (await h.m(viewer, 'approvals.decide', { taskId: task.id, decision: 'approve' })).status,
    ).toBe(403);
    expect(
      (await h.m(stranger, 'approvals.decide', { taskId: task.id, decision: 'approve' })).status,
    ).toBe(404);
    expect(
      (await h.m(admin, 'approvals.decide', { taskId: task.id, decision: 'approve' })).status,
    ).toBe(403);

    // A double click: two identical requests at once.
    const [first, second] = await Promise.all([
      h.m<{ status: string; alreadyDecided: boolean }>(ann, 'approvals.decide', {
        taskId: task.id,
        decision: 'approve',
        comment: 'ok',
      }),
      h.m<{ status: string; alreadyDecided: boolean }>(ann, 'approvals.decide', {
        taskId: task.id,
        decision: 'approve',
        comment: 'ok',
      }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.data).toEqual(second.data);
    const third = await h.m<{ alreadyDecided: boolean }>(ann, 'approvals.decide', {
      taskId: task.id,
      decision: 'reject',
    });
    expect(third.data?.alreadyDecided).toBe(true);
    // Bob, late, is told it is closed.
    expect(
      (await h.m(bob, 'approvals.decide', { taskId: task.id, decision: 'reject' })).status,
    ).toBe(409);

    const run = await h.finished(owner, runId);
    expect(run.status).toBe('completed');
    expect(run.result?.output).toEqual({ went: 'approved', by: ann.userId });

    const audit = await h.q<{ events: { action: string; targetId: string }[] }>(
      owner,
      'audit.list',
      {
        action: 'approval.',
      },
    );
    const decided = audit.data?.events.filter(
      (e) => e.targetId === task.id && e.action === 'approval.decided',
    );
    expect(decided).toHaveLength(1);
    const detail2 = await h.q<{ decisions: { decision: string }[] }>(ann, 'approvals.get', {
      taskId: task.id,
    });
    expect(detail2.data?.decisions).toEqual([expect.objectContaining({ decision: 'approve' })]);
    const history = await h.q<{ tasks: { id: string; mine: { action: string } }[] }>(
      ann,
      'approvals.history',
    );
    expect(history.data?.tasks.find((t) => t.id === task.id)?.mine.action).toBe('approve');
    expect(
      (await h.q<{ tasks: Summary[] }>(bob, 'approvals.inbox')).data?.tasks.map((t) => t.id),
    ).not.toContain(task.id);
  });

  it('reject with a comment and form values; an incomplete form is refused', async () => {
    const { runId } = await h.startRun(owner, {
      assignees: { roles: ['approver'] },
      form: [
        {
          name: 'reason',
          label: 'Reason',
          type: 'select',
          options: ['price', 'risk'],
          required: true,
        },
        { name: 'counter', label: 'Counter-offer %', type: 'number' },
      ],
    });
    const task = await h.taskIn(bob, runId);
    const incomplete = await h.m(bob, 'approvals.decide', {
      taskId: task.id,
      decision: 'reject',
      form: { counter: 5 },
    });
    expect(incomplete.status).toBe(400);
    const done = await h.m<{ status: string }>(bob, 'approvals.decide', {
      taskId: task.id,
      decision: 'reject',
      comment: 'too generous',
      form: { reason: 'price', counter: 5 },
    });
    expect(done.data?.status).toBe('rejected');
    const run = await h.finished(owner, runId);
    expect(run.result?.output).toEqual({ went: 'rejected', form: { reason: 'price', counter: 5 } });
  });

  it('times out: the task shows overdue to the team, then the run takes `timeout`', async () => {
    const { runId } = await h.startRun(owner, {
      assignees: { users: [cat.userId] },
      dueAfter: { amount: 1500, unit: 'ms' },
    });
    const task = await h.taskIn(cat, runId);
    expect(task.dueAt).not.toBeNull();
    const team = await h.q<{
      tasks: (Summary & { ageMs: number })[];
      byAssignee: { user: { id: string }; open: number }[];
    }>(admin, 'approvals.team');
    expect(team.data?.tasks.find((t) => t.id === task.id)?.ageMs).toBeGreaterThanOrEqual(0);
    expect(
      team.data?.byAssignee.find((a) => a.user.id === cat.userId)?.open,
    ).toBeGreaterThanOrEqual(1);
    expect((await h.q(ann, 'approvals.team')).status).toBe(403);

    const run = await h.finished(owner, runId);
    expect(run.result?.output).toEqual({ went: 'timeout' });
    const closed = await h.q<{ status: string }>(cat, 'approvals.get', { taskId: task.id });
    expect(closed.data?.status).toBe('timeout');
    expect(
      (await h.m(cat, 'approvals.decide', { taskId: task.id, decision: 'approve' })).status,
    ).toBe(409);
  });

  it('stays open past its due time when asked: overdue first in the inbox and for the team', async () => {
    const { runId: laterRun } = await h.startRun(owner, {
      assignees: { users: [cat.userId] },
      dueAfter: { amount: 1, unit: 'hours' },
    });
    const { runId } = await h.startRun(owner, {
      assignees: { users: [cat.userId] },
      dueAfter: { amount: 300, unit: 'ms' },
      whenDue: 'stay_open',
    });
    await h.taskIn(cat, laterRun);
    const task = await eventually(async () => {
      const inbox = await h.q<{ tasks: Summary[] }>(cat, 'approvals.inbox');
      const first = inbox.data?.tasks[0];
      return first?.runId === runId && first.overdue ? first : undefined;
    });
    const team = await h.q<{
      tasks: (Summary & { ageMs: number })[];
      byAssignee: { user: { id: string }; overdue: number }[];
    }>(admin, 'approvals.team');
    expect(team.data?.tasks.find((t) => t.id === task.id)?.overdue).toBe(true);
    expect(team.data?.tasks.find((t) => t.runId === laterRun)?.overdue).toBe(false);
    expect(
      team.data?.byAssignee.find((a) => a.user.id === cat.userId)?.overdue,
    ).toBeGreaterThanOrEqual(1);

    await h.approveToEnd(cat, task.id, owner, runId);
  });

  it('N of M with claim, release and delegation', async () => {
    const { runId } = await h.startRun(owner, {
      assignees: { users: [ann.userId, bob.userId, cat.userId] },
      approvals: { required: 'count', count: 2 },
    });
    const task = await h.taskIn(ann, runId);
    expect(task.required).toBe(2);

    expect((await h.m(ann, 'approvals.claim', { taskId: task.id })).status).toBe(200);
    const taken = await h.m(bob, 'approvals.claim', { taskId: task.id });
    expect(taken.status).toBe(409);
    expect(
      (await h.m(bob, 'approvals.decide', { taskId: task.id, decision: 'approve' })).status,
    ).toBe(409);
    expect((await h.m(bob, 'approvals.release', { taskId: task.id })).status).toBe(403);
    expect((await h.m(ann, 'approvals.release', { taskId: task.id })).status).toBe(200);

    // Delegation to someone who may not decide is refused; to the admin it is done and audited.
    expect(
      (await h.m(ann, 'approvals.delegate', { taskId: task.id, toUserId: viewer.userId })).status,
    ).toBe(400);
    const delegated = await h.m(ann, 'approvals.delegate', {
      taskId: task.id,
      toUserId: admin.userId,
      comment: 'you know this customer',
    });
    expect(delegated.status).toBe(200);
    const mine = await h.q<{
      tasks: { id: string; mine: { action: string; delegatedTo: { id: string } } }[];
    }>(ann, 'approvals.history');
    expect(mine.data?.tasks.find((t) => t.id === task.id)?.mine).toMatchObject({
      action: 'delegate',
      delegatedTo: { id: admin.userId },
    });
    expect(
      (await h.m(ann, 'approvals.decide', { taskId: task.id, decision: 'approve' })).status,
    ).toBe(403);

    const one = await h.m<{ status: string }>(admin, 'approvals.decide', {
      taskId: task.id,
      decision: 'approve',
    });
    expect(one.data?.status).toBe('pending');
    const two = await h.m<{ status: string }>(bob, 'approvals.decide', {
      taskId: task.id,
      decision: 'approve',
    });
    expect(two.data?.status).toBe('approved');
    const run = await h.finished(owner, runId);
    expect(run.result?.output).toEqual({ went: 'approved', by: bob.userId });
    const detail = await h.q<{ decisions: unknown[]; delegations: unknown[] }>(
      admin,
      'approvals.get',
      { taskId: task.id },
    );
    expect(detail.data?.decisions).toHaveLength(2);
    expect(detail.data?.delegations).toHaveLength(1);
  });

  it('reminds before the due time and escalates to admins, who then decide', async () => {
    const { runId } = await h.startRun(owner, {
      title: 'Escalate {{ $trigger.customer }}',
      assignees: { users: [cat.userId] },
      dueAfter: { amount: 3, unit: 'seconds' },
      reminders: [{ amount: 2000, unit: 'ms' }],
      escalation: { after: { amount: 600, unit: 'ms' }, assignees: { roles: ['admin'] } },
    });
    const task = await h.taskIn(cat, runId);
    const reminder = await eventually(() =>
      smtp.received.find((m) => m.subject === 'Reminder — approval needed: Escalate ACME'),
    );
    expect(reminder.text).toContain(`${PUBLIC_URL}/inbox/${task.id}`);
    const escalated = await h.taskIn(admin, runId);
    expect(escalated.assignees.map((a) => a.id)).toContain(admin.userId);
    await eventually(() =>
      smtp.received.find(
        (m) =>
          m.subject === 'Escalated — approval needed: Escalate ACME' &&
          m.to &&
          'text' in m.to &&
          m.to.text === admin.email,
      ),
    );
    await h.approveToEnd(admin, task.id, owner, runId);
  });
});

describe("approval requests in the workspace's Slack channel", () => {
  let server: TestServer;
  let owner: Session;
  let ann: Session;
  let slack: Awaited<ReturnType<typeof startSlackWebhook>>;
  const h = harness(() => server);
  // The incoming-webhook address is a credential: its last segment is the token.
  const TOKEN = `tok${unique('slack').replace(/\W/g, '')}`;

  beforeAll(async () => {
    slack = await startSlackWebhook();
    server = await startTestServer({ worker: true, config: { PUBLIC_URL } });
    owner = await signUp(server.url);
    ann = await addMember(server.url, owner, 'approver');
  });
  afterAll(async () => {
    await server?.close();
    await slack?.close();
  });

  it('posts the request with a deep link; the webhook URL stays in OpenBao', async () => {
    const hookUrl = `http://127.0.0.1:${slack.port}/services/T0001/B0001/${TOKEN}`;
    const connection = await h.m<{ id: string }>(owner, 'connections.create', {
      name: 'Approvals channel',
      type: 'slack_webhook',
      credentials: { url: hookUrl },
    });
    expect(connection.status).toBe(200);
    const other = await h.m<{ id: string }>(owner, 'connections.create', {
      name: 'Some chat',
      type: 'slack',
      method: 'bot_token',
      credentials: { botToken: 'xoxb-1' },
    });
    // Only a Slack webhook connection of this workspace can be the channel.
    expect(
      (
        await h.m(owner, 'settings.update', {
          notifications: { slackConnectionId: other.data!.id },
        })
      ).status,
    ).toBe(400);
    const saved = await h.m<Record<string, unknown>>(owner, 'settings.update', {
      notifications: { slackConnectionId: connection.data!.id },
    });
    expect(saved.status).toBe(200);
    // One section at a time: the outbound policy is kept, then opened for the local server.
    expect(saved.data?.outbound).toEqual({ allowPrivateNetworks: false, allowedHosts: [] });
    await h.m(owner, 'settings.update', {
      outbound: { allowPrivateNetworks: false, allowedHosts: [`127.0.0.1:${slack.port}`] },
    });

    const { runId } = await h.startRun(owner, { assignees: { users: [ann.userId] } });
    const task = await h.taskIn(ann, runId);
    const post = await eventually(() => slack.received.find((p) => p.text.includes(task.id)));
    expect(post.path).toBe(`/services/T0001/B0001/${TOKEN}`);
    expect(post.text).toContain('Approval needed: Discount of 15% for ACME');
    expect(post.text).toContain(`<${PUBLIC_URL}/inbox/${task.id}|Open it in BizOSaaS>`);

    // Neither the queued job in Redis nor any answer of the API carries the address.
    const redis = new Redis(server.services.config.REDIS_URL);
    try {
      const keys = await redis.keys(`bull:*:approval-${task.id}-new-slack`);
      expect(keys).toHaveLength(1);
      const job = JSON.stringify(await redis.hgetall(keys[0]!));
      expect(job).toContain(connection.data!.id);
      expect(job).not.toContain(TOKEN);
    } finally {
      await redis.quit();
    }
    for (const [path, input] of [
      ['settings.get', {}],
      ['connections.get', { connectionId: connection.data!.id }],
      ['connections.list', undefined],
    ] as const)
      expect(JSON.stringify((await h.q(owner, path, input)).data)).not.toContain(TOKEN);

    // The channel cannot vanish under the settings that use it.
    expect(
      (await h.m(owner, 'connections.delete', { connectionId: connection.data!.id })).status,
    ).toBe(409);
  });

  it('stays quiet for a node that turns Slack off', async () => {
    const { runId } = await h.startRun(owner, {
      assignees: { users: [ann.userId] },
      notify: { email: true, slack: false },
    });
    const task = await h.taskIn(ann, runId);
    const { runId: loudRun } = await h.startRun(owner, { assignees: { users: [ann.userId] } });
    const loud = await h.taskIn(ann, loudRun);
    // The later task's post arrives; the earlier, quiet one never did.
    await eventually(() => slack.received.find((p) => p.text.includes(loud.id)));
    expect(slack.received.some((p) => p.text.includes(task.id))).toBe(false);
  });
});

describe('a retried task request', () => {
  let server: TestServer;
  let owner: Session;
  let ann: Session;
  beforeAll(async () => {
    server = await startTestServer({ worker: false });
    owner = await signUp(server.url);
    ann = await addMember(server.url, owner, 'approver');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('announces the task when the first attempt stored it but died before queuing the email', async () => {
    const { config, orm, notifier, liveEvents, logger } = server.services;
    const input: CreateTaskInput = {
      taskId: randomUUID(),
      tenantId: owner.tenantId,
      flowId: randomUUID(),
      flowVersion: 1,
      runId: randomUUID(),
      workflowId: randomUUID(),
      nodeId: 'ask',
      nodeName: 'Ask',
      nodeKey: 'ask',
      title: 'Retried request',
      description: '',
      details: {},
      form: [],
      assignees: { users: [ann.userId], roles: [] },
      required: { mode: 'any', count: 1 },
      dueAt: null,
      notify: { email: true, slack: false },
      createdAt: new Date().toISOString(),
    };
    const dying = createPlatformActivities({
      config,
      orm,
      liveEvents,
      logger,
      notifier: {
        ...notifier,
        enqueue: () => Promise.reject(new Error('the worker died here')),
      },
    });
    await expect(dying.createApprovalTask(input)).rejects.toThrow('the worker died here');
    // Temporal runs the activity again: the row is there, the email must still go out, once.
    const platform = createPlatformActivities({ config, orm, liveEvents, logger, notifier });
    await expect(platform.createApprovalTask(input)).resolves.toEqual({
      assignees: [ann.userId],
      required: 1,
    });
    await platform.createApprovalTask(input);
    const redis = new Redis(config.REDIS_URL);
    try {
      expect(await redis.keys(`bull:*:approval-${input.taskId}-new-*`)).toHaveLength(1);
    } finally {
      await redis.quit();
    }
  });
});

describe('a server restart while a task waits', () => {
  it('keeps the task, and deciding it after the restart resumes the run', async () => {
    const queues = {
      TEMPORAL_TASK_QUEUE: unique('restart-flows'),
      TEMPORAL_PLATFORM_TASK_QUEUE: unique('restart-platform'),
    };
    let server = await startTestServer({ worker: true, config: queues });
    const h = harness(() => server);
    try {
      const owner = await signUp(server.url);
      const approver = await addMember(server.url, owner, 'approver');
      const { runId } = await h.startRun(owner, { assignees: { users: [approver.userId] } });
      const task = await h.taskIn(approver, runId);

      await server.close();
      server = await startTestServer({ worker: true, config: queues });
      const again = await login(server.url, approver.email, approver.password);
      const still = await h.taskIn(again, runId);
      expect(still.id).toBe(task.id);
      const ownerAgain = await login(server.url, owner.email, owner.password);
      await h.approveToEnd(again, task.id, ownerAgain, runId);
    } finally {
      await server.close();
    }
  });
});
