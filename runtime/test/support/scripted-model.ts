// LangChain's fake chat model, scripted: each answer (tool calls included) is chosen from the
// conversation it is given, so a retried or resumed model call answers the same way.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BaseMessage } from '@langchain/core/messages';
import { AIMessage, AIMessageChunk } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { FakeChatModel } from '@langchain/core/utils/testing';

export type Script = (conversation: BaseMessage[]) => AIMessage | Promise<AIMessage>;

export class ScriptedChatModel extends FakeChatModel {
  /** The tools the last `bindTools` gave, as the model would see them. */
  tools: unknown[] = [];

  constructor(protected readonly script: Script) {
    super({});
  }

  override bindTools(tools: unknown[]) {
    this.tools = tools;
    return this as never;
  }

  override async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = await this.script(messages);
    return { generations: [{ text: String(message.content), message }] };
  }
}

/**
 * The scripted model, streaming as a vendor's model does: each answer's text a word at a time,
 * `msPerWord` apart (a slow model writing), then its tool calls, usage and cost in a last chunk.
 * It stops when its call is cancelled.
 */
export class PacedChatModel extends ScriptedChatModel {
  constructor(
    script: Script,
    private readonly msPerWord: number,
  ) {
    super(script);
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
  ): AsyncGenerator<ChatGenerationChunk> {
    const message = await this.script(messages);
    for (const word of String(message.content).match(/\S+\s*/g) ?? []) {
      await sleep(this.msPerWord, undefined, { signal: options.signal });
      yield new ChatGenerationChunk({ text: word, message: new AIMessageChunk({ content: word }) });
    }
    yield new ChatGenerationChunk({
      text: '',
      message: new AIMessageChunk({
        content: '',
        tool_call_chunks: (message.tool_calls ?? []).map((call, index) => ({
          type: 'tool_call_chunk' as const,
          ...(call.id !== undefined ? { id: call.id } : {}),
          name: call.name,
          args: JSON.stringify(call.args),
          index,
        })),
        ...(message.usage_metadata ? { usage_metadata: message.usage_metadata } : {}),
        response_metadata: message.response_metadata,
      }),
    });
  }
}

/** How many answers the model has given in this conversation: the step it is on, from 0. */
export function turnOf(conversation: BaseMessage[]): number {
  return conversation.filter((m) => m.getType() === 'ai').length;
}

/** The conversation's first user message: tests pick their script by the agent's task. */
export function taskOf(conversation: BaseMessage[]): string {
  const first = conversation.find((m) => m.getType() === 'human');
  return typeof first?.content === 'string' ? first.content : '';
}

/** An answer calling tools, with the usage a provider would report. */
export function callTools(
  calls: { name: string; args: Record<string, unknown> }[],
  content = '',
  usage = { input: 100, output: 20 },
): AIMessage {
  return new AIMessage({
    content,
    tool_calls: calls.map((c, i) => ({ ...c, id: `call_${i}_${c.name}`, type: 'tool_call' })),
    usage_metadata: {
      input_tokens: usage.input,
      output_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
  });
}

export function answer(content: string, usage = { input: 100, output: 20 }): AIMessage {
  return new AIMessage({
    content,
    usage_metadata: {
      input_tokens: usage.input,
      output_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
  });
}
