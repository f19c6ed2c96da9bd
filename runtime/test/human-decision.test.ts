// The approval node inside runFlow, against the real Temporal dev server and an in-memory platform
// worker: a decision arrives as an update, the validator refuses what must not count, and timers
// remind, escalate and time out.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { JsonValue } from '@bizosaas/shared';
import {
  decideApproval,
  decisionId,
  delegateApproval,
  type DecisionInput,
  type RunResult,
  type RunState,
} from '../src/index.js';
import { startFakePlatform } from './support/fake-platform.js';
import { chain, edge, graph, node } from './support/flows.js';
import { startHarness, statuses, type Harness } from './support/harness.js';

const ANN = randomUUID();
const BOB = randomUUID();
const CAT = randomUUID();
const DAN = randomUUID();

let h: Harness;
let platform: Awaited<ReturnType<typeof startFakePlatform>>;
beforeAll(async () => {
  h = await startHarness();
  platform = await startFakePlatform(h.config, { approver: [ANN, BOB, CAT], admin: [DAN] });
});
afterAll(async () => {
  await platform?.close();
  await h?.close();
});

function approvalFlow(params: Record<string, JsonValue>) {
  return graph(
    [
      node('start', 'core.manual_trigger'),
      node('ask', 'core.approval', {
        params: { title: 'Discount of {{ $trigger.discount }}%?', ...params },
      }),
      node('yes', 'core.set', { params: { values: { went: 'approved' } } }),
      node('no', 'core.set', { params: { values: { went: 'rejected' } } }),
      node('late', 'core.set', { params: { values: { went: 'timeout' } } }),
    ],
    [
      edge('start', 'ask'),
      edge('ask', 'yes', 'approved'),
      edge('ask', 'no', 'rejected'),
      edge('ask', 'late', 'timeout'),
    ],
  );
}

async function park(params: Record<string, JsonValue>) {
  const runId = randomUUID();
  const handle = await h.start(
    approvalFlow(params),
    { discount: 15 },
    {
      runId,
      platformTaskQueue: platform.taskQueue,
    },
  );
  const task = await platform.taskOf(runId);
  // The row exists a moment before the run registers it; decisions before that are refused.
  for (;;) {
    const state = await handle.query<RunState>('runState');
    if (statuses(state).ask === 'waiting') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const decide = (
    userId: string,
    decision: 'approve' | 'reject',
    extra: Partial<DecisionInput> = {},
  ) =>
    decideApproval(h.client, handle.workflowId, 1, {
      taskId: task.taskId,
      decisionId: decisionId(task.taskId, userId),
      userId,
      decision,
      comment: null,
      form: {},
      ...extra,
    });
  return { handle, task, decide };
}

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    return (error.cause as { type?: string }).type;
  }
}

describe('approval node', () => {
  test('approve: the run waits, then takes `approved` with the decision as output', async () => {
    const { handle, task, decide } = await park({ assignees: { roles: ['approver'] } });
    expect(task.title).toBe('Discount of 15%?');
    expect(task.resolved.sort()).toEqual([ANN, BOB, CAT].sort());
    const waiting = await handle.query<RunState>('runState');
    expect(statuses(waiting).ask).toBe('waiting');

    const result = await decide(BOB, 'approve', { comment: 'fine', form: { code: 'X1' } });
    expect(result).toMatchObject({ status: 'approved', approvals: 1, required: 1 });
    const done = (await handle.result()) as RunResult;
    expect(done.output).toEqual({ went: 'approved' });
    const state = await handle.query<RunState>('runState');
    expect(statuses(state)).toMatchObject({ ask: 'succeeded', yes: 'succeeded', no: 'skipped' });
    expect(state.nodes.find((n) => n.key === 'ask')?.output).toMatchObject({
      decision: 'approved',
      decidedBy: BOB,
      comment: 'fine',
      form: { code: 'X1' },
      input: { discount: 15 },
    });
    expect(platform.tasks.get(task.taskId)?.closed?.status).toBe('approved');
  });

  test('reject, and the validator refuses outsiders, doubles and closed tasks', async () => {
    const { handle, task, decide } = await park({ assignees: { users: [ANN, BOB] } });
    expect(await refusal(decide(CAT, 'approve'))).toBe('NOT_ASSIGNEE');
    const first = await decide(ANN, 'reject', { comment: 'too much' });
    // The same update id again is answered with the first outcome, not decided twice.
    const again = await decide(ANN, 'reject', { comment: 'changed my mind' });
    expect(again).toEqual(first);
    expect((await handle.result()).output).toEqual({ went: 'rejected' });
    // Any-one approval: the update id is the task id, so a late second decider is handed the
    // decision that closed the task (the server then tells them who decided).
    expect((await decide(BOB, 'approve')).record).toMatchObject({
      userId: ANN,
      decision: 'reject',
    });
    expect(platform.tasks.get(task.taskId)?.closed?.decisions).toHaveLength(1);
  });

  test('N of M: two approvals of three are needed; each decider has their own update', async () => {
    const { handle, task } = await park({
      assignees: { roles: ['approver'] },
      approvals: { required: 'count', count: 2 },
    });
    const decide = (userId: string) =>
      decideApproval(h.client, handle.workflowId, 2, {
        taskId: task.taskId,
        decisionId: decisionId(task.taskId, userId),
        userId,
        decision: 'approve',
        comment: null,
        form: {},
      });
    expect(await decide(ANN)).toMatchObject({ status: 'pending', approvals: 1, required: 2 });
    // A retried request of the same person, under a new update id, is refused by decision id.
    expect(
      await refusal(
        h.client.workflow.getHandle(handle.workflowId).executeUpdate('decideApproval', {
          args: [
            {
              taskId: task.taskId,
              decisionId: decisionId(task.taskId, ANN),
              userId: ANN,
              decision: 'approve',
              comment: null,
              form: {},
            },
          ],
          updateId: randomUUID(),
        }),
      ),
    ).toBe('ALREADY_DECIDED');
    expect(await decide(CAT)).toMatchObject({ status: 'approved', approvals: 2 });
    const output = (await handle.query<RunState>('runState')).nodes.find((n) => n.key === 'ask')
      ?.output as { decisions: unknown[] };
    await handle.result();
    expect(output.decisions).toHaveLength(2);
  });

  test('timeout after reminders and an escalation; a delegate may decide in between', async () => {
    const { handle, task, decide } = await park({
      assignees: { users: [ANN, BOB] },
      approvals: { required: 'all' },
      dueAfter: { amount: 2500, unit: 'ms' },
      reminders: [
        { amount: 2000, unit: 'ms' },
        { amount: 1200, unit: 'ms' },
      ],
      escalation: { after: { amount: 300, unit: 'ms' }, assignees: { roles: ['admin'] } },
    });
    const delegationId = randomUUID();
    await delegateApproval(h.client, handle.workflowId, {
      taskId: task.taskId,
      delegationId,
      fromUserId: BOB,
      toUserId: CAT,
      comment: 'over to you',
    });
    // The run stored the delegation before it answered.
    expect(platform.tasks.get(task.taskId)?.delegations).toEqual([delegationId]);
    expect(await refusal(decide(BOB, 'approve'))).toBe('NOT_ASSIGNEE');
    await decideApproval(h.client, handle.workflowId, 2, {
      taskId: task.taskId,
      decisionId: decisionId(task.taskId, CAT),
      userId: CAT,
      decision: 'approve',
      comment: null,
      form: {},
    });
    const result = await handle.result();
    expect(result.output).toEqual({ went: 'timeout' });
    const closed = platform.tasks.get(task.taskId);
    expect(closed?.closed?.status).toBe('timeout');
    expect(closed?.reminders.sort()).toEqual([0, 1]);
    expect(closed?.resolved).toContain(DAN);
  });

  test('"stay open" when due: the task outlives its due time and a late decision still counts', async () => {
    const { handle, task, decide } = await park({
      assignees: { users: [ANN] },
      dueAfter: { amount: 200, unit: 'ms' },
      whenDue: 'stay_open',
    });
    await new Promise((r) => setTimeout(r, 700));
    expect(statuses(await handle.query<RunState>('runState')).ask).toBe('waiting');
    expect(await decide(ANN, 'approve')).toMatchObject({ status: 'approved' });
    expect((await handle.result()).output).toEqual({ went: 'approved' });
    expect(platform.tasks.get(task.taskId)?.closed?.status).toBe('approved');
  });

  test('a human node without a platform queue parks on it without failing the run', async () => {
    const flow = chain([node('ask', 'core.approval', { params: { title: 'ok?' } })]);
    const handle = await h.start(flow, {}, { platformTaskQueue: `nobody-${randomUUID()}` });
    await new Promise((r) => setTimeout(r, 500));
    const state = await handle.query<RunState>('runState');
    expect(statuses(state).ask).toBe('running');
    await handle.terminate('test over');
  });
});
