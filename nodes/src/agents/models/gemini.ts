import type { ChatGoogleParams } from '@langchain/google';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { modelFetch } from './model-fetch.js';

// What Gemini needs beyond the other vendors, with @langchain/google 0.2's ChatGoogle.

/**
 * The client ChatGoogle sends every request through. ChatGoogle builds `https://<endpoint>/…`
 * from a host name; this sends each request to the connection's base URL instead (the same
 * origin in production, a recorded vendor in tests), with the key, through the guarded fetch.
 */
export function geminiClient(
  apiKey: string,
  base: string,
  fetch: ReturnType<typeof modelFetch>,
): NonNullable<ChatGoogleParams['apiClient']> {
  const origin = new URL(base);
  return {
    hasApiKey: () => true,
    getProjectId: () => Promise.resolve(''),
    fetch: (request: Request) => {
      const target = new URL(request.url);
      target.protocol = origin.protocol;
      target.host = origin.host;
      const headers = new Headers(request.headers);
      headers.set('x-goog-api-key', apiKey);
      return fetch(new Request(target, request), { headers });
    },
  };
}

/**
 * ChatGoogle turns an earlier answer's tool calls into `functionCall` parts only when they are in
 * its content as Gemini gave them; an answer rebuilt from plain JSON (as the agent loop sends its
 * history) has them in `tool_calls` alone, and the model turn would vanish from the request,
 * leaving a functionResponse with no call before it. Such answers get their calls as content parts.
 */
export function geminiHistory(messages: BaseMessage[]): BaseMessage[] {
  return messages.map((message) => {
    if (!AIMessage.isInstance(message) || !message.tool_calls?.length) return message;
    const content = message.content;
    const hasCalls =
      Array.isArray(content) &&
      content.some((part) => (part as { type?: unknown }).type === 'functionCall');
    if (hasCalls) return message;
    const text = typeof content === 'string' ? content : message.text;
    return new AIMessage({
      content: [
        ...(text.trim() ? [{ type: 'text' as const, text }] : []),
        ...message.tool_calls.map((call) => ({
          type: 'functionCall',
          functionCall: { name: call.name, args: call.args },
        })),
      ],
      tool_calls: message.tool_calls,
      response_metadata: message.response_metadata,
      ...(message.id ? { id: message.id } : {}),
    });
  });
}
