import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatHistoryItem } from 'node-llama-cpp';
import { routerCallText } from './router.js';

/**
 * LangChain messages as node-llama-cpp's chat history, which its chat wrapper renders in the
 * model's chat template (Qwen's `<|im_start|>` turns). A tool call the assistant made is shown as
 * the router JSON it answers with, and each result as the template shows a tool message: a user
 * turn holding a `<tool_response>`. Rendered instead as the template's native `<tool_call>`, the
 * 1.5B model called the same tool again after its result in every try; seeing its own format, it
 * answered from the result. Message text never becomes control tokens (node-llama-cpp tokenizes it
 * as plain text), so a tool result cannot close its turn or pose as the system. `extraSystem` (the
 * router's instructions) follows the system prompt.
 */
export function toChatHistory(
  messages: readonly BaseMessage[],
  extraSystem?: string,
): ChatHistoryItem[] {
  const results = new Map<string, string>();
  for (const message of messages) {
    if (ToolMessage.isInstance(message)) results.set(message.tool_call_id, message.text);
  }
  const shown = new Set<string>();
  const history: ChatHistoryItem[] = [];
  for (const message of messages) {
    const type = message.getType();
    if (type === 'system' || type === 'developer') {
      history.push({ type: 'system', text: message.text });
    } else if (type === 'human' || type === 'generic') {
      history.push({ type: 'user', text: message.text });
    } else if (AIMessage.isInstance(message)) {
      const calls = message.tool_calls ?? [];
      if (calls.length === 0) history.push({ type: 'model', response: [message.text] });
      for (const call of calls) {
        history.push({ type: 'model', response: [routerCallText(call.name, call.args)] });
        const result = call.id === undefined ? undefined : results.get(call.id);
        if (result !== undefined) {
          shown.add(call.id!);
          history.push(toolResponse(result));
        }
      }
    } else if (ToolMessage.isInstance(message) && !shown.has(message.tool_call_id)) {
      // A result whose call is not in the history (trimmed away) is still shown as a result.
      history.push(toolResponse(message.text));
    }
  }
  if (extraSystem) {
    const lastSystem = history.findLastIndex((item) => item.type === 'system');
    history.splice(lastSystem + 1, 0, { type: 'system', text: extraSystem });
  }
  history.push({ type: 'model', response: [] });
  return history;
}

function toolResponse(result: string): ChatHistoryItem {
  const contained = result.replaceAll('</tool_response>', '<\\/tool_response>');
  return { type: 'user', text: `<tool_response>\n${contained}\n</tool_response>` };
}
