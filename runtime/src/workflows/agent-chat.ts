// One turn of the agent chat, as a workflow on the durable agent loop: the coordinator (when
// asked) routes the request to a persona, the persona works with the tenant's operations as
// tools (a write waits for approval, the same task as in the inbox), and every step is appended
// to the conversation's transcript as it happens, and the answer's text is published as the model
// writes it (the chat page shows it growing until its line lands).
import { isCancellation, proxyActivities, uuid4 } from '@temporalio/workflow';
import {
  COORDINATOR_PERSONA,
  findPersona,
  personas,
  personaSystemPrompt,
  type Persona,
} from '@bizosaas/nodes';
import { runAgentLoop, type AgentLoopRequest } from './agent-loop.js';
import type { AgentDecisionInput } from './agent-contract.js';
import {
  type ChatMessageInput,
  type ChatPlatformActivities,
  type ChatTurnInput,
  type ChatTurnResult,
} from './agent-chat-contract.js';
import { describeError } from './errors.js';
import { HumanDecisions } from './human-decision.js';

/** A tool result shown in the transcript is cut here; the agent itself saw the whole result. */
const SHOWN_RESULT_CHARS = 2_000;

export async function agentChatTurn(input: ChatTurnInput): Promise<ChatTurnResult> {
  const platform = proxyActivities<ChatPlatformActivities>({
    taskQueue: input.platformTaskQueue,
    startToCloseTimeout: '30s',
    retry: { initialInterval: '1s', maximumInterval: '1m' },
  });
  const decisions = new HumanDecisions({
    tenantId: input.tenantId,
    flowId: input.conversationId,
    flowVersion: 0,
    runId: input.turnId,
    platformTaskQueue: input.platformTaskQueue,
  });
  // Appends run one after the other, so the transcript keeps the order things happened in.
  let appended: Promise<void> = Promise.resolve();
  const append = (message: Omit<ChatMessageInput, 'id'>) => {
    const row = { id: uuid4(), ...message };
    appended = appended.then(() =>
      platform.appendChatMessages({
        tenantId: input.tenantId,
        conversationId: input.conversationId,
        turnId: input.turnId,
        messages: [row],
      }),
    );
  };
  const finish = async (status: 'done' | 'failed') => {
    await appended;
    await decisions.idle();
    await platform.finishChatTurn({
      tenantId: input.tenantId,
      conversationId: input.conversationId,
      turnId: input.turnId,
      status,
    });
  };

  const base = (persona: Persona): Omit<AgentLoopRequest, 'nodeKey' | 'system' | 'messages'> => ({
    tenantId: input.tenantId,
    flowId: input.conversationId,
    runId: input.turnId,
    nodeId: persona.key,
    nodeName: persona.name,
    ...(input.connectionId !== undefined ? { connectionId: input.connectionId } : {}),
    model: input.model,
    tools: [],
    approvers: input.approvers,
    limits: input.limits,
    outbound: input.outbound,
    maxOutputBytes: input.maxOutputBytes,
    platformTaskQueue: input.platformTaskQueue,
  });
  const hooks = (persona: Persona) => ({
    decisions,
    onWaiting: (taskId: string) =>
      append({
        kind: 'approval',
        persona: persona.key,
        content: 'A person must approve this call before it runs.',
        data: { taskId },
      }),
    onStep: (step: AgentDecisionInput) => {
      if (step.tools.length === 0) return;
      append({
        kind: 'step',
        persona: persona.key,
        content: step.response.content,
        data: {
          step: step.step,
          tools: step.tools.map((t) => ({
            name: t.call.name,
            args: t.call.args,
            status: t.status,
            result: t.result.slice(0, SHOWN_RESULT_CHARS),
          })),
        },
      });
    },
  });

  try {
    let persona = catalogPersona(input.persona);
    if (persona.key === COORDINATOR_PERSONA) {
      persona = await route(persona, input, base(persona), hooks(persona));
      append({
        kind: 'route',
        persona: persona.key,
        content: `${persona.name} takes this request.`,
        data: { persona: persona.key },
      });
    }
    const answer = await runAgentLoop(
      {
        ...base(persona),
        nodeKey: 'answer',
        system: personaSystemPrompt(persona),
        messages: input.history,
        tools: input.tools,
        toolCategories: [...persona.tools],
        liveAnswer: { conversationId: input.conversationId, persona: persona.key },
      },
      hooks(persona),
    );
    append({ kind: 'answer', persona: persona.key, content: answer.text, data: {} });
    await finish('done');
    return { persona: persona.key, text: answer.text };
  } catch (error) {
    if (isCancellation(error)) throw error;
    const { code, message } = describeError(error);
    append({ kind: 'error', persona: null, content: message, data: { code } });
    await finish('failed');
    return { persona: input.persona, text: '' };
  }
}

/** The coordinator's choice of persona for the turn, as structured output over the catalog. */
async function route(
  coordinator: Persona,
  input: ChatTurnInput,
  base: Omit<AgentLoopRequest, 'nodeKey' | 'system' | 'messages'>,
  hooks: Parameters<typeof runAgentLoop>[1],
): Promise<Persona> {
  const candidates = personas.filter((p) => p.group !== 'orchestration');
  const roster = candidates.map((p) => `- ${p.key} (${p.name}): ${p.role}`).join('\n');
  const request = input.history.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const routed = await runAgentLoop(
    {
      ...base,
      nodeKey: 'route',
      system: `${personaSystemPrompt(coordinator)}\n\nThe personas you can route to:\n${roster}`,
      messages: [{ role: 'user', content: request }],
      outputSchema: {
        type: 'object',
        properties: {
          persona: { type: 'string', enum: candidates.map((p) => p.key) },
          reason: { type: 'string' },
        },
        required: ['persona', 'reason'],
        additionalProperties: false,
      },
    },
    hooks,
  );
  return catalogPersona((routed.output as { persona: string }).persona);
}

function catalogPersona(key: string): Persona {
  const persona = findPersona(key);
  if (!persona) throw new Error(`unknown persona "${key}"`);
  return persona;
}
