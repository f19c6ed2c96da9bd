// Whether any worker polls the flow task queue, from Temporal's DescribeTaskQueue: without one,
// runs are accepted and wait, and the editor says so instead of showing a run that never moves.
import { Connection } from '@temporalio/client';
import type { Config } from '@bizosaas/shared/config';

/** `unknown`: Temporal did not answer, so nobody can tell. */
export type FlowWorkers = 'polling' | 'none' | 'unknown';

export interface WorkerPresence {
  flowWorkers: FlowWorkers;
  checkedAt: string;
}

/**
 * A worker long-polls for up to a minute and Temporal stamps a poller when its poll begins, so a
 * live idle worker's stamp can be 60 s old (measured: 50-55 s on the dev server). Stamped within
 * 70 s counts as polling; a worker that died is reported gone that long after its last poll.
 */
export const POLLER_FRESH_MS = 70_000;
/** Every open editor asks; Temporal is asked at most once per this many milliseconds. */
const CACHE_MS = 5_000;
const TIMEOUT_MS = 3_000;
// temporal.api.enums.v1.TaskQueueKind.NORMAL and TaskQueueType.WORKFLOW (the gRPC API's values).
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

export interface WorkerPresenceCheck {
  (): Promise<WorkerPresence>;
  close(): Promise<void>;
}

export function workerPresence(config: Config): WorkerPresenceCheck {
  let connection: Promise<Connection> | undefined;
  let cached: { at: number; answer: Promise<WorkerPresence> } | undefined;

  async function ask(): Promise<WorkerPresence> {
    const checkedAt = new Date();
    try {
      connection ??= Connection.connect({
        address: config.TEMPORAL_ADDRESS,
        connectTimeout: TIMEOUT_MS,
      }).catch((error: unknown) => {
        connection = undefined; // the next check connects again
        throw error;
      });
      const open = await connection;
      const answer = await open.withDeadline(Date.now() + TIMEOUT_MS, () =>
        open.workflowService.describeTaskQueue({
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: { name: config.TEMPORAL_TASK_QUEUE, kind: TASK_QUEUE_KIND_NORMAL },
          taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
        }),
      );
      const fresh = (answer.pollers ?? []).some((poller) => {
        const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
        return checkedAt.getTime() - seconds * 1000 < POLLER_FRESH_MS;
      });
      return { flowWorkers: fresh ? 'polling' : 'none', checkedAt: checkedAt.toISOString() };
    } catch {
      return { flowWorkers: 'unknown', checkedAt: checkedAt.toISOString() };
    }
  }

  const check = (() => {
    if (!cached || Date.now() - cached.at >= CACHE_MS) cached = { at: Date.now(), answer: ask() };
    return cached.answer;
  }) as WorkerPresenceCheck;
  check.close = async () => {
    const open = await connection?.catch(() => undefined);
    await open?.close();
  };
  return check;
}
