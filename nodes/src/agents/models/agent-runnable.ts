import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessageChunk } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import { NodeError, NodeErrorCode } from '../../node-error.js';
import { LocalChatModel } from '../local-model/index.js';
import type { ToolSpec } from '../messages.js';

/**
 * The model as one agent step calls it. With tools, bound to them. Without tools but with an
 * output schema, the local model is held to the schema by its grammar, so a small model cannot
 * wander from it; a vendor's model reads the schema in the prompt (the agent loop writes it there),
 * as their JSON modes each accept a different subset of JSON Schema.
 *
 * @throws NodeError INVALID_PARAMS when there are tools and the model cannot call any.
 */
export function agentRunnable(
  model: BaseChatModel,
  tools: readonly Pick<ToolSpec, 'name' | 'description' | 'schema'>[],
  outputSchema?: Record<string, unknown>,
): Runnable<BaseLanguageModelInput, AIMessageChunk> {
  if (tools.length > 0) {
    const bound = model.bindTools?.(
      tools.map((t) => ({ name: t.name, description: t.description, schema: t.schema })),
    );
    if (!bound) throw new NodeError(NodeErrorCode.INVALID_PARAMS, 'this model cannot call tools');
    return bound as Runnable<BaseLanguageModelInput, AIMessageChunk>;
  }
  if (outputSchema && model instanceof LocalChatModel)
    return model.withConfig({ responseSchema: outputSchema });
  return model as Runnable<BaseLanguageModelInput, AIMessageChunk>;
}
