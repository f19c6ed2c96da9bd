// What the agent loop (workflow), its activities and the platform worker agree on. Sandbox-safe:
// types and constants only. Messages and tool calls are the plain JSON of @bizosaas/nodes' agents.
import type {
  AgentMessage,
  AgentTool,
  ModelTurn,
  OutboundPolicy,
  ToolBinding,
  ToolCall,
  ToolSpec,
} from '@bizosaas/nodes';

/** Resolves an agent's tool choices against the worker's catalog, and its persona. */
export interface AgentSetupInput {
  tools: AgentTool[];
  /** A persona key of the catalog. */
  persona?: string;
  /** Only the tools of these connector categories (a crew member's or chat persona's). */
  toolCategories?: string[];
}

export interface AgentSetup {
  tools: ToolBinding[];
  persona?: { systemPrompt: string; outputSchema?: Record<string, unknown> };
}

/** One model call: the conversation so far and the tools the model may ask for. Never a credential. */
export interface AgentModelCallInput {
  tenantId: string;
  runId: string;
  nodeKey: string;
  step: number;
  /** An LLM connection; none means the embedded local model. */
  connectionId?: string;
  /** The model's name on that connection. */
  model: string;
  messages: AgentMessage[];
  tools: ToolSpec[];
  /**
   * The JSON Schema the final answer must match, given when there are no tools: a model that can
   * hold its answer to it (the local model's grammar) does; any other reads it in the prompt.
   */
  outputSchema?: Record<string, unknown>;
  /** A chat's turn: its text is published as the model writes it, to the conversation's channel. */
  live?: { conversationId: string; persona: string };
  outbound: OutboundPolicy;
}

export interface AgentModelCallResult extends ModelTurn {
  /** sha256 (hex) of the messages and tools sent, for the decision log. */
  promptHash: string;
}

export interface AgentActivities {
  agentSetup(input: AgentSetupInput): Promise<AgentSetup>;
  agentModelCall(input: AgentModelCallInput): Promise<AgentModelCallResult>;
}

/** What happened to one tool call of a step. */
export interface AgentToolOutcome {
  call: ToolCall;
  /**
   * `ok`: ran; `failed`: ran and failed (the error went back to the agent); `refused`: not in
   * the allowlist, never run; `rejected`: a person said no.
   */
  status: 'ok' | 'failed' | 'refused' | 'rejected';
  /** What the agent was told, as the tool message's content. */
  result: string;
  approval?: { taskId: string; decision: string; decidedBy: string | null; comment: string | null };
}

/** One row of the decision log: one model call and the tool calls it asked for. */
export interface AgentDecisionInput {
  /** Stable per step, so a retried write is one row. */
  id: string;
  tenantId: string;
  flowId: string;
  runId: string;
  nodeKey: string;
  nodeName: string;
  step: number;
  /** sha256 of everything this step sent the model (messages and tools). */
  promptHash: string;
  /**
   * What this step sent that earlier rows do not hold: the system prompt and the task on the
   * first step, later only what the loop added (a correction). With the earlier rows' responses
   * and tool results, the rows rebuild each whole prompt.
   */
  messages: AgentMessage[];
  /** The model's answer. */
  response: AgentMessage;
  tools: AgentToolOutcome[];
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  model: string;
  createdAt: string;
}

/** Served by the server's platform worker, which has the database. */
export interface AgentPlatformActivities {
  /** Stores steps (a batch, in order); a step already stored is left as it is. */
  recordAgentDecisions(rows: AgentDecisionInput[]): Promise<void>;
}
