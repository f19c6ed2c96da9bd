// What a chat turn's workflow, the server that starts it and the platform worker that stores its
// transcript agree on. Sandbox-safe: types and constants only.
import type {
  AgentLimits,
  AgentMessage,
  AgentTool,
  Assignees,
  OutboundPolicy,
} from '@bizosaas/nodes';

export const AGENT_CHAT_WORKFLOW = 'agentChatTurn';

/** One turn: the conversation so far (the user's new message last) and what the agent may use. */
export interface ChatTurnInput {
  tenantId: string;
  conversationId: string;
  turnId: string;
  /** A catalog persona, or the coordinator (COORDINATOR_PERSONA), which routes the turn to one. */
  persona: string;
  history: AgentMessage[];
  /** An LLM connection; none means the embedded local model. */
  connectionId?: string;
  model: string;
  /** The tenant's operations; the answering persona gets those of its tool categories. */
  tools: AgentTool[];
  approvers: Assignees;
  limits: AgentLimits;
  outbound: OutboundPolicy;
  maxOutputBytes: number;
  platformTaskQueue: string;
}

export interface ChatTurnResult {
  persona: string;
  text: string;
}

/**
 * A line of the transcript. `route`: the coordinator chose a persona; `step`: a model call that
 * asked for tools, with what each did; `approval`: a write waits for a person (its task id);
 * `answer`: the turn's answer; `error`: why the turn stopped.
 */
export interface ChatMessageInput {
  /** Chosen by the workflow, so a retried write stores one row. */
  id: string;
  kind: 'route' | 'step' | 'approval' | 'answer' | 'error';
  persona: string | null;
  content: string;
  data: Record<string, unknown>;
}

export interface AppendChatMessagesInput {
  tenantId: string;
  conversationId: string;
  turnId: string;
  messages: ChatMessageInput[];
}

export interface FinishChatTurnInput {
  tenantId: string;
  conversationId: string;
  turnId: string;
  status: 'done' | 'failed';
}

/** Served by the server's platform worker, which has the database and the live events. */
export interface ChatPlatformActivities {
  appendChatMessages(input: AppendChatMessagesInput): Promise<void>;
  finishChatTurn(input: FinishChatTurnInput): Promise<void>;
}
