// LangChain's fake chat model, scripted: each answer (tool calls included) is chosen from the
// conversation it is given, so a retried or resumed model call answers the same way.
import type { BaseMessage } from '@langchain/core/messages';
import { AIMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { FakeChatModel } from '@langchain/core/utils/testing';

export type Script = (conversation: BaseMessage[]) => AIMessage | Promise<AIMessage>;

export class ScriptedChatModel extends FakeChatModel {
  /** The tools the last `bindTools` gave, as the model would see them. */
  tools: unknown[] = [];

  constructor(private readonly script: Script) {
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
