// Counting runs Temporal reports as completed: what the benches time, rather than accepted calls.
import { Client, Connection } from '@temporalio/client';

export interface CompletedRuns {
  /** Completed workflow executions matching a visibility query (`FlowId = '…'`). */
  count(query: string): Promise<number>;
  close(): Promise<void>;
}

export async function completedRuns(address: string, namespace: string): Promise<CompletedRuns> {
  const client = new Client({ connection: await Connection.connect({ address }), namespace });
  return {
    count: async (query) =>
      Number(
        (
          await client.workflowService.countWorkflowExecutions({
            namespace,
            query: `${query} AND ExecutionStatus = 'Completed'`,
          })
        ).count ?? 0,
      ),
    close: () => client.connection.close(),
  };
}
