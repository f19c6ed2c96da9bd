/**
 * The agent layer's wire types. Messages, tool calls and tool specs cross every boundary
 * (workflow ↔ activity, the decision log, the chat) as plain JSON, so nothing here is a class and
 * nothing depends on LangChain: the activities convert to and from LangChain messages at the edge.
 */

/** One tool call the model asked for; `id` pairs it with the tool message that answers it. */
export interface ToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export type AgentRole = 'system' | 'user' | 'assistant' | 'tool';

/**
 * A message of a conversation. A `tool` message carries a tool's result as data (`content`),
 * answering the assistant's call `toolCallId`; tool output never becomes system text.
 */
export interface AgentMessage {
  role: AgentRole;
  content: string;
  toolCalls?: ToolCall[];
  toolCallId?: string;
  name?: string;
}

/** A tool as the model sees it: `schema` is a JSON Schema object for the arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  schema: Record<string, unknown>;
  /** Creates, updates, sends, publishes or deletes something: the call waits for a human first. */
  write: boolean;
}

/** Tokens a model turn consumed, as the provider (or the local model) reported them. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What one model call returned, with what it cost. */
export interface ModelTurn {
  message: AgentMessage;
  usage: TokenUsage;
  /** US dollars, from the model's price per token; 0 for the local model. */
  costUsd: number;
  latencyMs: number;
  /** The model that answered, e.g. `openai:gpt-4o-mini` or `local`. */
  model: string;
}
