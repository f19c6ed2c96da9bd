// A flow worker in a process of its own whose agents answer from LangChain's fake chat model,
// scripted: it calls an HTTP tool on the test's server, then a slow one, then answers. Each model
// call is reported to that server first, so the test counts them across a SIGKILL and a restart.
// Run: AGENT_TEST_BASE=http://127.0.0.1:<port> TEMPORAL_TASK_QUEUE=… node --import tsx agent-worker.ts
import { NativeConnection } from '@temporalio/worker';
import { readConfig } from '@bizosaas/shared/config';
import { createFlowWorker, createLogger } from '../../src/worker.js';
import { answer, callTools, ScriptedChatModel, turnOf } from './scripted-model.js';

const base = process.env.AGENT_TEST_BASE as string;
const config = readConfig(process.env);
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const post = (path: string) => ({ method: 'POST', url: `${base}${path}` });

const worker = await createFlowWorker({
  config,
  connection,
  logger: createLogger('warn'),
  chatModels: () =>
    new ScriptedChatModel(async (conversation) => {
      const turn = turnOf(conversation);
      await fetch(`${base}/model/${turn}`, { method: 'POST' });
      if (turn === 0) return callTools([{ name: 'core_http_request', args: post('/tool/a') }]);
      if (turn === 1) return callTools([{ name: 'core_http_request', args: post('/slow/b') }]);
      return answer('both calls done');
    }),
});
const running = worker.run();
process.stdout.write('agent worker ready\n');
await running;
