// An in-memory stand-in for the server's platform worker: the approval activities on a task queue
// of the test's own, keeping tasks in a map. The server tests run the real one against PostgreSQL.
import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '@bizosaas/shared/config';
import { dataConverterFromConfig } from '../../src/data-converter.js';
import type {
  AppendChatMessagesInput,
  ChatPlatformActivities,
  FinishChatTurnInput,
} from '../../src/workflows/agent-chat-contract.js';
import type {
  AgentDecisionInput,
  AgentPlatformActivities,
} from '../../src/workflows/agent-contract.js';
import type {
  CloseTaskInput,
  CreateTaskInput,
  PlatformActivities,
} from '../../src/workflows/human-decision-contract.js';

export interface FakeTask extends CreateTaskInput {
  resolved: string[];
  reminders: number[];
  delegations: string[];
  closed?: CloseTaskInput;
}

/** Roles resolve to these users; `users` pass through. */
export async function startFakePlatform(config: Config, roleMembers: Record<string, string[]>) {
  const taskQueue = `platform-test-${randomUUID()}`;
  const tasks = new Map<string, FakeTask>();
  /** Agent decision-log rows by id, as the server's table keeps them (one per step). */
  const agentDecisions = new Map<string, AgentDecisionInput>();
  /** Chat transcripts as the turns appended them, and how each turn ended. */
  const chat = { appended: [] as AppendChatMessagesInput[], finished: [] as FinishChatTurnInput[] };
  const resolve = (a: { users: string[]; roles: string[] }) => [
    ...new Set([...a.users, ...a.roles.flatMap((r) => roleMembers[r] ?? [])]),
  ];
  const activities: PlatformActivities & AgentPlatformActivities & ChatPlatformActivities = {
    async appendChatMessages(input) {
      chat.appended.push(input);
    },
    async finishChatTurn(input) {
      chat.finished.push(input);
    },
    async recordAgentDecisions(rows) {
      for (const row of rows) if (!agentDecisions.has(row.id)) agentDecisions.set(row.id, row);
    },
    async createApprovalTask(input) {
      const resolved = resolve(input.assignees);
      const known = tasks.get(input.taskId);
      if (!known) tasks.set(input.taskId, { ...input, resolved, reminders: [], delegations: [] });
      const required =
        input.required.mode === 'any'
          ? 1
          : input.required.mode === 'all'
            ? resolved.length
            : Math.min(input.required.count, resolved.length);
      return { assignees: resolved, required };
    },
    async remindApprovalTask({ taskId, index }) {
      tasks.get(taskId)?.reminders.push(index);
    },
    async escalateApprovalTask({ taskId, assignees }) {
      const task = tasks.get(taskId);
      const added = resolve(assignees).filter((u) => !task?.resolved.includes(u));
      task?.resolved.push(...added);
      return { added };
    },
    async recordDelegation({ taskId, delegationId }) {
      const task = tasks.get(taskId);
      if (task && !task.delegations.includes(delegationId)) task.delegations.push(delegationId);
    },
    async closeApprovalTask(input) {
      const task = tasks.get(input.taskId);
      if (task) task.closed = input;
    },
  };
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    activities,
    dataConverter: dataConverterFromConfig(config),
  });
  const running = worker.run();
  return {
    taskQueue,
    tasks,
    agentDecisions,
    chat,
    /** The task the run's node is waiting on, once it exists. */
    async taskOf(runId: string, timeoutMs = 15_000): Promise<FakeTask> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const task = [...tasks.values()].find((t) => t.runId === runId);
        if (task) return task;
        if (Date.now() > until) throw new Error(`no task for run ${runId}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
