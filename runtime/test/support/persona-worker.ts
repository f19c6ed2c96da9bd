// A flow worker on the real dev server whose chat model is LangChain's fake one, scripted per
// persona: the persona is read from the system prompt the model is given ("You are … (Name).").
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { NativeConnection } from '@temporalio/worker';
import type { BaseMessage } from '@langchain/core/messages';
import { AgentLimitsSchema, type AgentMessage, type AgentTool } from '@bizosaas/nodes';
import { AGENT_CHAT_WORKFLOW, type ChatTurnInput } from '../../src/index.js';
import { redisLiveEvents } from '../../src/live-events.js';
import { createFlowWorker, createLogger } from '../../src/worker.js';
import { startFakePlatform } from './fake-platform.js';
import { startHarness, TENANT } from './harness.js';
import { PacedChatModel, ScriptedChatModel, type Script } from './scripted-model.js';
import { testExecutors, testNodeTypes } from './test-nodes.js';

/** The persona (its catalog name) a conversation's system prompt introduces. */
export const personaOf = (conversation: BaseMessage[]) =>
  /\(([A-Za-z]+)\)/.exec(String(conversation[0]?.content))?.[1] ?? '';

/**
 * With `msPerWord`, the model streams each answer a word at a time, that far apart, and the worker
 * publishes chat answers as they are written on the test stack's Redis.
 */
export async function startPersonaWorker(
  roleMembers: Record<string, string[]> = {},
  options: { msPerWord?: number } = {},
) {
  const h = await startHarness({ worker: false });
  const { msPerWord } = options;
  const liveEvents = msPerWord === undefined ? undefined : redisLiveEvents(h.config.REDIS_URL);
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
    ...(liveEvents ? { liveEvents } : {}),
    chatModels: () => {
      const script: Script = async (conversation) => {
        const persona = personaOf(conversation);
        seen.push({ persona, conversation });
        const scripted = scripts.get(persona);
        if (!scripted) throw new Error(`no script for ${persona}`);
        return scripted(conversation);
      };
      return msPerWord === undefined
        ? new ScriptedChatModel(script)
        : new PacedChatModel(script, msPerWord);
    },
  });
  const running = worker.run();
  return {
    h,
    platform,
    scripts,
    seen,
    /** Starts a chat turn of the conversation (a new one by default) with the default limits. */
    startTurn(
      persona: string,
      history: AgentMessage[],
      tools: AgentTool[] = [],
      conversationId: string = randomUUID(),
    ) {
      const input: ChatTurnInput = {
        tenantId: TENANT,
        conversationId,
        turnId: randomUUID(),
        persona,
        history,
        model: '',
        tools,
        approvers: { users: [], roles: ['approver'] },
        limits: AgentLimitsSchema.parse({}),
        outbound: { allowPrivateNetworks: false, allowedHosts: [] },
        maxOutputBytes: 1_000_000,
        platformTaskQueue: platform.taskQueue,
      };
      return h.client.workflow.start(AGENT_CHAT_WORKFLOW, {
        taskQueue: h.taskQueue,
        workflowId: `${TENANT}/${input.conversationId}/${input.turnId}`,
        args: [input],
      });
    },
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await liveEvents?.close();
      await platform.close();
      await h.close();
    },
  };
}
