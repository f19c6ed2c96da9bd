// A flow worker on the real dev server whose chat model is LangChain's fake one, scripted per
// persona: the persona is read from the system prompt the model is given ("You are … (Name).").
import { Writable } from 'node:stream';
import { NativeConnection } from '@temporalio/worker';
import type { BaseMessage } from '@langchain/core/messages';
import { createFlowWorker, createLogger } from '../../src/worker.js';
import { startFakePlatform } from './fake-platform.js';
import { startHarness } from './harness.js';
import { ScriptedChatModel, type Script } from './scripted-model.js';
import { testExecutors, testNodeTypes } from './test-nodes.js';

/** The persona (its catalog name) a conversation's system prompt introduces. */
export const personaOf = (conversation: BaseMessage[]) =>
  /\(([A-Za-z]+)\)/.exec(String(conversation[0]?.content))?.[1] ?? '';

export async function startPersonaWorker(roleMembers: Record<string, string[]> = {}) {
  const h = await startHarness({ worker: false });
  const platform = await startFakePlatform(h.config, roleMembers);
  const connection = await NativeConnection.connect({ address: h.config.TEMPORAL_ADDRESS });
  /** Each persona's script, by its catalog name. */
  const scripts = new Map<string, Script>();
  /** Every conversation a persona was given, in order. */
  const seen: { persona: string; conversation: BaseMessage[] }[] = [];
  const worker = await createFlowWorker({
    config: h.config,
    connection,
    taskQueue: h.taskQueue,
    logger: createLogger('warn', new Writable({ write: (_c, _e, done) => done() })),
    nodeTypes: testNodeTypes,
    executors: testExecutors,
    chatModels: () =>
      new ScriptedChatModel(async (conversation) => {
        const persona = personaOf(conversation);
        seen.push({ persona, conversation });
        const script = scripts.get(persona);
        if (!script) throw new Error(`no script for ${persona}`);
        return script(conversation);
      }),
  });
  const running = worker.run();
  return {
    h,
    platform,
    scripts,
    seen,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await platform.close();
      await h.close();
    },
  };
}
