// Regression: deciding a task right after a restart, while the run's flow worker is still coming
// back, answered 409 "the run is no longer waiting on this task" (flaky `a server restart while a
// task waits` in approvals.test.ts under load).
//
// The run registers its task in the workflow task that resolves the activity writing the task's
// row. When the flow worker stops before that workflow task runs (a restart right after the row
// appears; it may even sit on the stopped worker's sticky queue for 10 s), a decision sent
// meanwhile rides in that same workflow task, and the workflow validates updates before it
// resolves activities: the validator refuses UNKNOWN_TASK. The engine retried such refusals only
// within 5 s of the first attempt, and the attempt itself had waited longer than that for the
// worker, so the refusal went to the user as a conflict.
import { Connection } from '@temporalio/client';
import { expect, it } from 'vitest';
import { createRunClient } from '@bizosaas/runtime';
import { REGISTRATION_GRACE_MS } from '../../src/approvals/engine.js';
import {
  addMember,
  call,
  config,
  startFlowWorker,
  startTestServer,
  signUp,
  unique,
  type Session,
} from '../harness.js';
import { approvalFlow } from '../flows.js';

async function until<T>(read: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('a decision sent while the flow worker is still coming back after a restart is taken', async () => {
  const queues = {
    TEMPORAL_TASK_QUEUE: unique('resume-flows'),
    TEMPORAL_PLATFORM_TASK_QUEUE: unique('resume-platform'),
  };
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = await createRunClient(config, connection);
  // Before the restart: a flow worker but no platform worker, so the run stops at the activity
  // that writes the task's row.
  let server = await startTestServer({ worker: true, platformWorker: false, config: queues });
  let flowWorker: Awaited<ReturnType<typeof startFlowWorker>> | undefined;
  try {
    const owner = await signUp(server.url);
    const approver: Session = await addMember(server.url, owner, 'approver');
    const flow = await call<{ id: string }>(
      server.url,
      'flows.create',
      {
        name: unique('resume'),
        graph: approvalFlow({
          title: 'Go?',
          description: '',
          details: {},
          assignees: { users: [approver.userId] },
        }),
      },
      owner,
    );
    await call(server.url, 'flows.publish', { flowId: flow.data?.id, revision: 1 }, owner);
    const run = await call<{ runId: string }>(
      server.url,
      'runs.start',
      { flowId: flow.data?.id, payload: {} },
      owner,
    );
    const runId = run.data?.runId as string;
    await until(async () => {
      const described = await temporal.workflow.getHandle(runId).describe();
      return described.raw.pendingActivities?.length ? true : undefined;
    });

    // The restart: the server (with its platform worker) is back first; the flow worker is not.
    // The row gets written, and the workflow task that registers the task waits for the worker.
    await server.close();
    server = await startTestServer({ worker: false, platformWorker: true, config: queues });
    const task = await until(async () => {
      const inbox = await call<{ tasks: { id: string; runId: string }[] }>(
        server.url,
        'approvals.inbox',
        undefined,
        { ...approver, type: 'query' },
      );
      return inbox.data?.tasks.find((t) => t.runId === runId);
    });

    const deciding = call<{ status: string }>(
      server.url,
      'approvals.decide',
      { taskId: task.id, decision: 'approve' },
      approver,
    );
    // The worker comes back later than the registration grace: that is the point of the test.
    await new Promise((resolve) => setTimeout(resolve, REGISTRATION_GRACE_MS + 1_000));
    flowWorker = await startFlowWorker(queues.TEMPORAL_TASK_QUEUE);
    const done = await deciding;
    expect(done.data?.status, JSON.stringify(done.error)).toBe('approved');

    const finished = await until(async () => {
      const got = await call<{ status: string; result?: { output: unknown } }>(
        server.url,
        'runs.get',
        { runId },
        { ...owner, type: 'query' },
      );
      return got.data && got.data.status !== 'running' ? got.data : undefined;
    });
    expect(finished.result?.output).toEqual({ went: 'approved', by: approver.userId });
  } finally {
    await flowWorker?.stop();
    await server.close();
    await connection.close();
  }
});
