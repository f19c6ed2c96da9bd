import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelResponse } from 'node-llama-cpp';

/**
 * LangChain messages as node-llama-cpp's chat history, which its chat wrapper renders in the
 * model's own chat template (Qwen's `<|im_start|>` turns, `<tool_call>` and `<tool_response>`): an
 * assistant's tool calls become function calls carrying the results of the tool messages that
 * answer them, so a tool result reaches the model as a tool response, never as instructions from
 * the system or the user. `extraSystem` (the tool router's instructions) follows the system prompt.
 */
export function toChatHistory(
  messages: readonly BaseMessage[],
  extraSystem?: string,
): ChatHistoryItem[] {
  const results = new Map<string, string>();
  for (const message of messages) {
    if (ToolMessage.isInstance(message)) results.set(message.tool_call_id, message.text);
  }
  const answered = new Set<string>();
  const history: ChatHistoryItem[] = [];
  for (const message of messages) {
    const type = message.getType();
    if (type === 'system' || type === 'developer') {
      history.push({ type: 'system', text: message.text });
    } else if (type === 'human' || type === 'generic') {
      history.push({ type: 'user', text: message.text });
    } else if (AIMessage.isInstance(message)) {
      const response: ChatModelResponse['response'] = message.text ? [message.text] : [];
      for (const call of message.tool_calls ?? []) {
        const functionCall: ChatModelFunctionCall = {
          type: 'functionCall',
          name: call.name,
          params: call.args,
          result:
            call.id !== undefined && results.has(call.id)
              ? asJson(results.get(call.id)!)
              : 'no result',
        };
        if (call.id !== undefined) answered.add(call.id);
        response.push(functionCall);
      }
      history.push({ type: 'model', response });
    } else if (ToolMessage.isInstance(message) && !answered.has(message.tool_call_id)) {
      // A result whose call is not in the history (trimmed away): still shown as a tool response.
      history.push({ type: 'user', text: `<tool_response>\n${message.text}\n</tool_response>` });
    }
  }
  if (extraSystem) {
    const lastSystem = history.findLastIndex((item) => item.type === 'system');
    if (lastSystem === -1) history.unshift({ type: 'system', text: extraSystem });
    else history.splice(lastSystem + 1, 0, { type: 'system', text: extraSystem });
  }
  // The model answers in a new turn, except after tool results, where its turn goes on.
  const last = history.at(-1);
  const continuesAfterTools =
    last?.type === 'model' &&
    last.response.at(-1) !== undefined &&
    typeof last.response.at(-1) !== 'string';
  if (!continuesAfterTools) history.push({ type: 'model', response: [] });
  return history;
}

/** A tool result that is JSON is shown as that JSON, not as one quoted string of it. */
function asJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
