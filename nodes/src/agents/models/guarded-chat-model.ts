import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseLanguageModelInput, ToolDefinition } from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import type { TokenUsage } from '../messages.js';
import { modelError } from './model-fetch.js';
import { estimateCostUsd } from './prices.js';

export interface GuardedCallOptions extends BaseChatModelCallOptions {
  tools?: ToolDefinition[];
}

export interface GuardedModelInfo {
  provider: string;
  /** The vendor's name for messages ("OpenAI"). */
  title: string;
  model: string;
  signal: AbortSignal;
  secrets: readonly string[];
  /** What this vendor's LangChain model needs done to a conversation before it is sent. */
  history?: (messages: BaseMessage[]) => BaseMessage[];
}

/**
 * A vendor's LangChain chat model as the platform runs it: its errors become NodeErrors with the
 * platform's codes (`modelFetch` raised them; SDKs only wrap them), each answer carries its cost
 * in `response_metadata.costUsd`, and tools are bound in OpenAI's function format, which every
 * vendor model here converts to its own. Nothing else changes: messages go to the vendor model
 * as they are.
 */
export class GuardedChatModel extends BaseChatModel<GuardedCallOptions, AIMessageChunk> {
  constructor(
    private readonly inner: BaseChatModel,
    readonly info: GuardedModelInfo,
  ) {
    super({});
  }

  // Called by the base constructor, before `info` is set.
  _llmType(): string {
    return 'bizosaas-guarded';
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<GuardedCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, GuardedCallOptions> {
    return this.withConfig({
      tools: tools.map((tool) => convertToOpenAITool(tool)),
      ...kwargs,
    } as Partial<GuardedCallOptions>);
  }

  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    let result: ChatResult;
    try {
      result = await this.inner._generate(this.prepare(messages), options as never, runManager);
    } catch (error) {
      throw modelError(error, this.info);
    }
    for (const generation of result.generations) {
      if (AIMessage.isInstance(generation.message)) this.addCost(generation.message);
    }
    return result;
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    try {
      for await (const chunk of this.inner._streamResponseChunks(
        this.prepare(messages),
        options as never,
        runManager,
      )) {
        if (AIMessageChunk.isInstance(chunk.message) && chunk.message.usage_metadata)
          this.addCost(chunk.message);
        yield chunk;
      }
    } catch (error) {
      throw modelError(error, this.info);
    }
  }

  private prepare(messages: BaseMessage[]): BaseMessage[] {
    return this.info.history ? this.info.history(messages) : messages;
  }

  private addCost(message: AIMessage): void {
    if (!message.usage_metadata) return;
    const metadata = message.response_metadata as Record<string, unknown>;
    const model =
      typeof metadata.model_name === 'string'
        ? metadata.model_name
        : typeof metadata.model === 'string'
          ? metadata.model
          : this.info.model;
    const cost = estimateCostUsd(this.info.provider, model, usageOf(message));
    if (cost !== undefined) metadata.costUsd = cost;
  }
}

/** The tokens an answer consumed, as its vendor reported them (0 when it did not). */
export function usageOf(message: AIMessage): TokenUsage {
  return {
    inputTokens: message.usage_metadata?.input_tokens ?? 0,
    outputTokens: message.usage_metadata?.output_tokens ?? 0,
  };
}
