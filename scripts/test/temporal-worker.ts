// Runs the greet workflow on a real worker against a Temporal server, for the stack tests.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

// Worker lifecycle chatter drowns the test report; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

export async function runGreeting(
  address: string,
  workflowId: string,
  name: string,
): Promise<string> {
  const taskQueue = `stack-test-${workflowId}`;
  const workerConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: workerConnection,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./workflows/greet.ts', import.meta.url)),
    activities: { greeting: async (who: string) => `hello ${who}` },
  });
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    return await worker.runUntil(
      client.workflow.execute('greet', { taskQueue, workflowId, args: [name] }),
    );
  } finally {
    await connection.close();
    await workerConnection.close();
  }
}

/** The result of a finished workflow, read back from the server's history. */
export async function workflowResult(address: string, workflowId: string): Promise<unknown> {
  const connection = await Connection.connect({ address });
  try {
    return await new Client({ connection }).workflow.getHandle(workflowId).result();
  } finally {
    await connection.close();
  }
}
