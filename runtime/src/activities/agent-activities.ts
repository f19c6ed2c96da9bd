// The agent loop's activities on the flow worker: resolving a node's tools against the catalog,
// and one model call per activity (heartbeating while the model thinks, its answer streamed and,
// for a chat, published as it grows). Tool calls themselves go through `executeNode`, the same
// path as every action node.
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import {
  AIMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
  type AIMessageChunk,
  type BaseMessage,
} from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import type { NodeCatalog } from '@bizosaas/shared';
import { z } from 'zod';
import {
  findPersona,
  NodeError,
  NodeErrorCode,
  personaSystemPrompt,
  resolveTools,
  toolsForPersona,
  type AgentMessage,
  type OutboundPolicy,
  type ToolCall,
} from '@bizosaas/nodes';
import { agentRunnable } from '@bizosaas/nodes/models';
import type { LiveEvents } from '../live-events.js';
import type { Logger } from '../logger.js';
import type { ConnectionSecrets } from '../secrets/index.js';
import type {
  AgentActivities,
  AgentModelCallInput,
  AgentModelCallResult,
} from '../workflows/agent-contract.js';
import { readCredentials, toFailure } from './execute-node.js';
import { partialAnswer } from './partial-answer.js';

/**
 * Which model to build: the embedded local one, or a provider's model on an LLM connection
 * (without a name, the connection's default model).
 */
export type ChatModelSpec = { provider: 'local' } | { provider: string; model?: string };

export interface ChatModelDeps {
  /** The LLM connection's credentials, read for this call alone. Never log them. */
  credentials: Record<string, unknown> | undefined;
  outbound: OutboundPolicy;
  signal: AbortSignal;
}

/** Builds a LangChain chat model (one that supports `bindTools`); tests pass a scripted one. */
export type ChatModelFactory = (
  spec: ChatModelSpec,
  deps: ChatModelDeps,
) => BaseChatModel | Promise<BaseChatModel>;

export interface AgentActivityDeps {
  catalog: NodeCatalog;
  secrets: Pick<ConnectionSecrets, 'read'>;
  logger: Logger;
  chatModels: ChatModelFactory;
  /** Where a chat's answers are published as they are written; none, and they are not. */
  liveEvents?: Pick<LiveEvents, 'publishChat'>;
}

export function createAgentActivities(deps: AgentActivityDeps): AgentActivities {
  return {
    async agentSetup({ tools: chosen, persona: key, toolCategories }) {
      try {
        const persona = key === undefined ? undefined : findPersona(key);
        if (key !== undefined && !persona)
          throw new NodeError(NodeErrorCode.INVALID_PARAMS, `unknown persona "${key}"`);
        const tools = toolCategories ? toolsForPersona({ tools: toolCategories }, chosen) : chosen;
        return {
          tools: resolveTools(tools, deps.catalog),
          ...(persona
            ? {
                persona: {
                  systemPrompt: personaSystemPrompt(persona),
                  ...(persona.output
                    ? { outputSchema: z.toJSONSchema(persona.output) as Record<string, unknown> }
                    : {}),
                },
              }
            : {}),
        };
      } catch (error) {
        throw toFailure(error);
      }
    },

    async agentModelCall(request) {
      const ctx = Context.current();
      const log = deps.logger.child({
        tenantId: request.tenantId,
        runId: request.runId,
        nodeKey: request.nodeKey,
        step: request.step,
        attempt: ctx.info.attempt,
      });
      // Heartbeats say the worker is alive, so a dead one is noticed within the heartbeat timeout,
      // however long the model takes (the agent's wall time is the call's limit): each new piece
      // of the answer sends one (throttled by the SDK), the ticker covers the wait for the first
      // one, and each tells how far the answer has come.
      const progress = { chunks: 0 };
      const interval = Math.max(200, (ctx.info.heartbeatTimeoutMs ?? 30_000) / 3);
      const ticker = setInterval(() => ctx.heartbeat(progress), interval);
      const partial =
        request.live && deps.liveEvents
          ? partialAnswer(deps.liveEvents, request.tenantId, request.live.conversationId, {
              turnId: request.runId,
              step: request.step,
              persona: request.live.persona,
            })
          : undefined;
      const started = Date.now();
      try {
        const result = await callModel(deps, request, ctx.cancellationSignal, (text) => {
          progress.chunks++;
          ctx.heartbeat(progress);
          partial?.update(text);
        });
        partial?.end();
        log.info(
          {
            durationMs: result.latencyMs,
            inputTokens: result.usage.inputTokens,
            outputTokens: result.usage.outputTokens,
            toolCalls: result.message.toolCalls?.length ?? 0,
          },
          'model call succeeded',
        );
        return result;
      } catch (error) {
        if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? error;
        const failure = toFailure(error);
        log.warn(
          {
            durationMs: Date.now() - started,
            code: failure.type,
            retryable: !failure.nonRetryable,
          },
          'model call failed',
        );
        throw failure;
      } finally {
        clearInterval(ticker);
      }
    },
  };
}

async function callModel(
  deps: AgentActivityDeps,
  request: AgentModelCallInput,
  signal: AbortSignal,
  onText: (text: string) => void,
): Promise<AgentModelCallResult> {
  let spec: ChatModelSpec = { provider: 'local' };
  let credentials: Record<string, unknown> | undefined;
  if (request.connectionId !== undefined) {
    credentials = await readCredentials(deps.secrets, request.tenantId, request.connectionId);
    const provider = credentials.connector;
    if (typeof provider !== 'string') {
      throw new NodeError(NodeErrorCode.INVALID_PARAMS, 'the connection is not an LLM connection');
    }
    spec = request.model === '' ? { provider } : { provider, model: request.model };
  }
  const model = await deps.chatModels(spec, { credentials, outbound: request.outbound, signal });
  const runnable = agentRunnable(model, request.tools, request.outputSchema);
  const started = Date.now();
  const answer = await streamAnswer(runnable, request.messages.map(toLangChain), signal, onText);
  const latencyMs = Date.now() - started;
  const message = fromLangChain(answer, request.step);
  const usage = answer.usage_metadata
    ? {
        inputTokens: answer.usage_metadata.input_tokens,
        outputTokens: answer.usage_metadata.output_tokens,
      }
    : estimateUsage(request.messages, message);
  // An LLM connection prices each answer by the model that gave it; the local model is free.
  const reported = answer.response_metadata?.costUsd;
  const costUsd = typeof reported === 'number' ? reported : 0;
  const answered = answer.response_metadata?.model_name;
  const modelName =
    spec.provider === 'local'
      ? 'local'
      : `${spec.provider}:${typeof answered === 'string' ? answered : ('model' in spec && spec.model) || 'default'}`;
  return {
    message,
    usage,
    costUsd,
    latencyMs,
    model: modelName,
    promptHash: createHash('sha256')
      .update(JSON.stringify({ messages: request.messages, tools: request.tools }))
      .digest('hex'),
  };
}

/**
 * The model's answer, streamed: `onText` gets its text so far each time it grows (the text a
 * person reads, never a tool call's JSON). Returns the answer whole, as `invoke` would.
 */
async function streamAnswer(
  runnable: Runnable<BaseLanguageModelInput, AIMessageChunk>,
  messages: BaseMessage[],
  signal: AbortSignal,
  onText: (text: string) => void,
): Promise<AIMessage> {
  let whole: AIMessageChunk | undefined;
  let text = '';
  for await (const chunk of await runnable.stream(messages, { signal })) {
    whole = whole === undefined ? chunk : whole.concat(chunk);
    if (chunk.text) {
      text += chunk.text;
      onText(text);
    }
  }
  if (!whole)
    throw new NodeError(NodeErrorCode.VENDOR_UNAVAILABLE, 'the model sent no answer', {
      retryable: true,
    });
  return whole;
}

function toLangChain(message: AgentMessage): BaseMessage {
  switch (message.role) {
    case 'system':
      return new SystemMessage(message.content);
    case 'user':
      return new HumanMessage(message.content);
    case 'assistant':
      return new AIMessage({
        content: message.content,
        tool_calls: (message.toolCalls ?? []).map((c) => ({
          id: c.id,
          name: c.name,
          args: c.args,
          type: 'tool_call' as const,
        })),
      });
    case 'tool':
      // A tool's result is data in a tool message, answering its call: never system text.
      return new ToolMessage({
        content: message.content,
        tool_call_id: message.toolCallId ?? '',
        ...(message.name !== undefined ? { name: message.name } : {}),
      });
  }
}

function fromLangChain(answer: AIMessage, step: number): AgentMessage {
  const content =
    typeof answer.content === 'string'
      ? answer.content
      : answer.content
          .map((part) => (part.type === 'text' && 'text' in part ? String(part.text) : ''))
          .join('');
  const toolCalls: ToolCall[] = (answer.tool_calls ?? []).map((c, i) => ({
    // Some models leave the id out; the loop pairs each result with its call by this id.
    id: c.id ?? `call_${step}_${i}`,
    name: c.name,
    args: c.args,
  }));
  return toolCalls.length > 0
    ? { role: 'assistant', content, toolCalls }
    : { role: 'assistant', content };
}

/** For a model that reports no usage: about four characters a token, so limits still hold. */
function estimateUsage(sent: AgentMessage[], answer: AgentMessage) {
  const chars = (m: AgentMessage) => m.content.length + JSON.stringify(m.toolCalls ?? []).length;
  return {
    inputTokens: Math.ceil(sent.reduce((n, m) => n + chars(m), 0) / 4),
    outputTokens: Math.ceil(chars(answer) / 4),
  };
}

/** For a worker given no model factory: every agent fails with a clear, non-retried error. */
export const unavailableChatModels: ChatModelFactory = () => {
  throw new NodeError(NodeErrorCode.NODE_FAILED, 'this worker has no chat models configured');
};
