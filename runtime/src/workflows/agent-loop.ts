// The durable agent loop, in the workflow: each model call and each tool call is its own
// activity, so a worker that dies mid-loop resumes from history without calling the model or a
// tool again for a step that finished. Runs inside the workflow sandbox: deterministic.
import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  log,
  proxyActivities,
  TimeoutFailure,
  type ActivityOptions,
} from '@temporalio/workflow';
import { z } from 'zod';
import {
  limitReached,
  NodeError,
  NodeErrorCode,
  timeLimitReached,
  type AgentLimits,
  type AgentMessage,
  type AgentOutput,
  type AgentSpend,
  type AgentTool,
  type Assignees,
  type OutboundPolicy,
  type ToolBinding,
  type ToolCall,
  type ToolSpec,
} from '@bizosaas/nodes';
import type {
  AgentActivities,
  AgentDecisionInput,
  AgentModelCallInput,
  AgentModelCallResult,
  AgentPlatformActivities,
  AgentToolOutcome,
} from './agent-contract.js';
import { jsonByteLength, type RunActivities } from './contract.js';
import type { HumanDecisions } from './human-decision.js';

/** What one agent runs with; the interpreter builds it from an agent node, crews and chat from theirs. */
export interface AgentLoopRequest {
  tenantId: string;
  flowId: string;
  runId: string;
  /** The node run key: model calls, tool calls, approvals and log rows are keyed under it. */
  nodeKey: string;
  nodeId: string;
  nodeName: string;
  /** A persona of the catalog: its system prompt comes first (and its output schema, if any). */
  persona?: string;
  /** Instructions of the caller's own (after the persona's, if any). */
  system: string;
  /** The conversation after the system prompt: a task is one user message, a chat its history. */
  messages: AgentMessage[];
  /** An LLM connection; none means the embedded local model. */
  connectionId?: string;
  model: string;
  tools: AgentTool[];
  /** Keep only the tools of these connector categories (the setup activity filters them). */
  toolCategories?: string[];
  approvers: Assignees;
  limits: AgentLimits;
  /** JSON Schema the final answer must match; it is then parsed. */
  outputSchema?: Record<string, unknown>;
  /**
   * A chat's answer: its text is published as the model writes it, for the conversation's page
   * (never a JSON answer's, which is for the loop, not for people).
   */
  liveAnswer?: { conversationId: string; persona: string };
  outbound: OutboundPolicy;
  maxOutputBytes: number;
  platformTaskQueue: string;
}

/**
 * A tool that runs inside the workflow rather than as a node (a crew manager's delegation to a
 * member agent). It is on the allowlist like any other and, if it writes, waits for approval too.
 */
export interface WorkflowTool {
  spec: ToolSpec;
  /** The tool message's content for these arguments (as the model sent them, unchecked). */
  run(args: Record<string, unknown>): Promise<string>;
}

export interface AgentLoopHooks {
  /** The run's approval tasks: a write tool waits here for a person. */
  decisions: HumanDecisions;
  /** Tools of the caller's own, besides the request's operations. */
  workflowTools?: WorkflowTool[];
  /** A write tool's approval task is open. */
  onWaiting?(taskId: string): void;
  /** The approval was decided and the agent works again. */
  onResumed?(): void;
  /** A step finished (as the decision log records it): for crews and the chat to show. */
  onStep?(step: AgentDecisionInput): void;
}

export interface AgentLoopResult extends AgentOutput {
  /** The whole conversation, the system prompt first. */
  messages: AgentMessage[];
}

/** A tool's result as the agent sees it is capped, so one large page cannot fill the context. */
const MAX_TOOL_RESULT_CHARS = 20_000;
/** Resolving the tools and the persona, from the catalog in memory: quick. */
const SETUP_TIMEOUT_MS = 60_000;
/** Decision-log rows are sent once this large, well under Temporal's 2 MB payload limit. */
const LOG_BATCH_BYTES = 256_000;
/**
 * The model activity heartbeats while the model works (each piece of its answer, and a ticker);
 * a dead worker shows within this. A model call has no limit of its own beyond the agent's wall
 * time: the local model on busy cores writes under a token a second, so one answer takes minutes.
 */
const MODEL_HEARTBEAT_TIMEOUT_MS = 15_000;
const TOOL_TIMEOUT_MS = 5 * 60_000;
const TOOL_HEARTBEAT_TIMEOUT_MS = 5_000;
/** Failures a retry cannot fix; everything else (a provider's 5xx, a lost worker) is retried. */
const NON_RETRYABLE = [
  NodeErrorCode.INVALID_PARAMS,
  NodeErrorCode.UNKNOWN_NODE_TYPE,
  NodeErrorCode.MISSING_CONNECTION,
  NodeErrorCode.AUTH_FAILED,
  NodeErrorCode.VENDOR_ERROR,
  NodeErrorCode.INVALID_OUTPUT,
  NodeErrorCode.SSRF_REFUSED,
  NodeErrorCode.HOST_NOT_ALLOWED,
  NodeErrorCode.PAYLOAD_TOO_LARGE,
];

const RETRY: ActivityOptions['retry'] = {
  maximumAttempts: 3,
  initialInterval: 1_000,
  backoffCoefficient: 2,
  nonRetryableErrorTypes: NON_RETRYABLE,
};

function options(timeoutMs: number, heartbeatMs?: number): ActivityOptions {
  return {
    startToCloseTimeout: timeoutMs,
    ...(heartbeatMs !== undefined ? { heartbeatTimeout: heartbeatMs } : {}),
    retry: RETRY,
  };
}

/**
 * Runs an agent to its final answer: model call, then each tool call it asks for (a write waits
 * for approval; a name outside the allowlist is refused, whatever the conversation says), the
 * results back as tool messages, and again, within the limits.
 *
 * @throws NodeError AGENT_LIMIT_REACHED naming the limit; INVALID_OUTPUT when the final answer
 *   never matched the output schema within the step limit.
 */
export async function runAgentLoop(
  request: AgentLoopRequest,
  hooks: AgentLoopHooks,
): Promise<AgentLoopResult> {
  return new AgentLoop(request, hooks).run();
}

class AgentLoop {
  private readonly agent = proxyActivities<AgentActivities>(options(SETUP_TIMEOUT_MS));
  private readonly node = proxyActivities<RunActivities>(
    options(TOOL_TIMEOUT_MS, TOOL_HEARTBEAT_TIMEOUT_MS),
  );
  private readonly platform: AgentPlatformActivities;
  private readonly spend: AgentSpend = {
    steps: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    elapsedMs: 0,
  };
  /**
   * Decision-log rows not yet sent, and the writes in flight. Rows go to the platform in batches
   * (before an approval wait, when large, and at the end) rather than one activity per step: each
   * activity's completion costs the run a workflow task, which was most of a step's overhead.
   */
  private readonly pending: AgentDecisionInput[] = [];
  private readonly logging: Promise<void>[] = [];
  /** How many messages of the conversation earlier rows already hold. */
  private logged = 0;
  private readonly started = Date.now();
  private waitedMs = 0;

  constructor(
    private readonly request: AgentLoopRequest,
    private readonly hooks: AgentLoopHooks,
  ) {
    this.platform = proxyActivities<AgentPlatformActivities>({
      taskQueue: request.platformTaskQueue,
      startToCloseTimeout: '30s',
      // The platform worker may be down for a while; the row must still be written eventually.
      retry: { initialInterval: '1s', maximumInterval: '1m' },
    });
  }

  async run(): Promise<AgentLoopResult> {
    const { request } = this;
    const setup =
      request.tools.length > 0 || request.persona !== undefined
        ? await this.agent.agentSetup({
            tools: request.tools,
            ...(request.persona !== undefined ? { persona: request.persona } : {}),
            ...(request.toolCategories ? { toolCategories: request.toolCategories } : {}),
          })
        : { tools: [] };
    const { tools } = setup;
    const outputSchema = request.outputSchema ?? setup.persona?.outputSchema;
    const byName = new Map<string, ToolBinding | WorkflowTool>(tools.map((t) => [t.spec.name, t]));
    for (const tool of this.hooks.workflowTools ?? []) byName.set(tool.spec.name, tool);
    const specs = [...byName.values()].map((t) => t.spec);
    const system = [setup.persona?.systemPrompt, request.system];
    if (outputSchema) {
      system.push(
        `When you are done, answer with only a JSON value matching this JSON Schema:\n${JSON.stringify(outputSchema)}`,
      );
    }
    const messages: AgentMessage[] = [
      { role: 'system', content: system.filter((part) => part).join('\n\n') },
      ...request.messages,
    ];
    const schema = outputSchema ? z.fromJSONSchema(outputSchema) : undefined;
    try {
      for (;;) {
        const step = this.spend.steps + 1;
        const sent = [...messages];
        const turn = await this.callModel({
          tenantId: request.tenantId,
          runId: request.runId,
          nodeKey: request.nodeKey,
          step,
          ...(request.connectionId !== undefined ? { connectionId: request.connectionId } : {}),
          model: request.model,
          messages: sent,
          tools: specs,
          ...(outputSchema && specs.length === 0 ? { outputSchema } : {}),
          ...(request.liveAnswer && !outputSchema ? { live: request.liveAnswer } : {}),
          outbound: request.outbound,
        });
        this.count(turn);
        messages.push(turn.message);
        const calls = turn.message.toolCalls ?? [];
        if (calls.length === 0) {
          const answer = parseAnswer(turn.message.content, schema);
          if (answer.ok) {
            this.record(step, sent, turn, []);
            return { ...this.result(messages, answer.value, turn.message.content) };
          }
          // Told why, the model gets another step (within the limits) to answer in shape.
          messages.push({ role: 'user', content: answer.error });
          this.record(step, sent, turn, []);
          this.checkLimits(() => new NodeError(NodeErrorCode.INVALID_OUTPUT, answer.error));
          continue;
        }
        this.checkLimits();
        const outcomes: AgentToolOutcome[] = [];
        for (const [index, call] of calls.entries()) {
          const outcome = await this.callTool(byName, call, `${step}.${index}`, turn.message);
          outcomes.push(outcome);
          messages.push({
            role: 'tool',
            content: outcome.result,
            toolCallId: call.id,
            name: call.name,
          });
        }
        this.record(step, sent, turn, outcomes);
      }
    } finally {
      this.flush();
      await Promise.all(this.logging);
    }
  }

  private flush(): void {
    if (this.pending.length > 0)
      this.logging.push(this.platform.recordAgentDecisions(this.pending.splice(0)));
  }

  /**
   * One model call, within what is left of the agent's wall time (its retries included): a slow
   * model keeps going while its worker heartbeats, and the time limit is the one that stops it.
   */
  private async callModel(input: AgentModelCallInput): Promise<AgentModelCallResult> {
    const { limits } = this.request;
    const { agentModelCall } = proxyActivities<AgentActivities>({
      scheduleToCloseTimeout: Math.max(1, limits.maxSeconds * 1000 - this.elapsedMs()),
      heartbeatTimeout: MODEL_HEARTBEAT_TIMEOUT_MS,
      retry: RETRY,
    });
    try {
      return await agentModelCall(input);
    } catch (error) {
      if (
        error instanceof ActivityFailure &&
        error.cause instanceof TimeoutFailure &&
        error.cause.timeoutType === 'SCHEDULE_TO_CLOSE'
      ) {
        const over = timeLimitReached(this.elapsedMs(), limits);
        log.warn('agent stopped', { nodeKey: this.request.nodeKey, code: over.code });
        throw over;
      }
      throw error;
    }
  }

  /** Wall time so far, approvals excluded. */
  private elapsedMs(): number {
    return Date.now() - this.started - this.waitedMs;
  }

  private count(turn: AgentModelCallResult): void {
    this.spend.steps++;
    this.spend.inputTokens += turn.usage.inputTokens;
    this.spend.outputTokens += turn.usage.outputTokens;
    this.spend.costUsd += turn.costUsd;
  }

  /** Throws once a limit is reached, before the loop spends anything more. */
  private checkLimits(atStepLimit?: () => NodeError): void {
    this.spend.elapsedMs = this.elapsedMs();
    const over = limitReached(this.spend, this.request.limits);
    if (!over) return;
    const error =
      atStepLimit && this.spend.steps >= this.request.limits.maxSteps ? atStepLimit() : over;
    log.warn('agent stopped', { nodeKey: this.request.nodeKey, code: error.code });
    throw error;
  }

  private async callTool(
    byName: Map<string, ToolBinding | WorkflowTool>,
    call: ToolCall,
    callKey: string,
    asked: AgentMessage,
  ): Promise<AgentToolOutcome> {
    const { request } = this;
    const tool = byName.get(call.name);
    if (!tool) {
      // Whatever asked for it (a prompt, a tool result), a tool outside the allowlist never runs.
      log.warn('agent asked for a tool outside its allowlist', {
        nodeKey: request.nodeKey,
        tool: call.name,
      });
      return {
        call,
        status: 'refused',
        result: `error: there is no tool named "${call.name}"; use only the tools you were given`,
      };
    }
    let approval: AgentToolOutcome['approval'];
    if (tool.spec.write) {
      // The steps so far are in the log before anyone is asked, so the approver can read them.
      this.flush();
      const waitStarted = Date.now();
      const outcome = await this.hooks.decisions.request({
        nodeKey: `${request.nodeKey}:${callKey}`,
        nodeId: request.nodeId,
        nodeName: request.nodeName,
        title: `${request.nodeName} wants to call ${call.name}`,
        description: asked.content.trim() || 'The agent gave no reason.',
        details: {
          tool: call.name,
          ...('type' in tool ? { operation: tool.type } : {}),
          arguments: call.args,
        },
        form: [],
        assignees: request.approvers,
        required: { mode: 'any', count: 1 },
        whenDue: 'stay_open',
        remindBeforeDueMs: [],
        notify: { email: true, slack: true },
        onWaiting: (taskId) => this.hooks.onWaiting?.(taskId),
      });
      this.waitedMs += Date.now() - waitStarted;
      this.hooks.onResumed?.();
      approval = {
        taskId: outcome.taskId,
        decision: outcome.decision,
        decidedBy: outcome.decidedBy,
        comment: outcome.comment,
      };
      if (outcome.decision !== 'approved') {
        const why = outcome.comment ? `: ${outcome.comment}` : '';
        return {
          call,
          status: 'rejected',
          approval,
          result: `refused: a person did not approve this call${why}. Do not try it again.`,
        };
      }
    }
    try {
      const result =
        'run' in tool ? await tool.run(call.args) : await this.execute(tool, call, callKey);
      return { call, status: 'ok', result: capped(result), ...(approval ? { approval } : {}) };
    } catch (error) {
      if (isCancellation(error)) throw error;
      // The agent hears why its call failed and may try otherwise: a failed tool is not a failed run.
      return {
        call,
        status: 'failed',
        result: `error: ${failureMessage(error)}`,
        ...(approval ? { approval } : {}),
      };
    }
  }

  /** A tool call as an action node, through the same `executeNode` activity as a flow's nodes. */
  private async execute(binding: ToolBinding, call: ToolCall, callKey: string): Promise<string> {
    const { request } = this;
    const output = await this.node.executeNode({
      tenantId: request.tenantId,
      flowId: request.flowId,
      runId: request.runId,
      nodeId: request.nodeId,
      nodeName: `${request.nodeName} → ${call.name}`,
      type: binding.type,
      typeVersion: binding.typeVersion,
      params: call.args,
      input: {},
      ...(binding.connectionId !== undefined ? { connectionId: binding.connectionId } : {}),
      idempotencyKey: `${request.runId}:${request.nodeKey}:${callKey}`,
      outbound: request.outbound,
      maxOutputBytes: request.maxOutputBytes,
    });
    return JSON.stringify(output) ?? 'null';
  }

  private record(
    step: number,
    sent: AgentMessage[],
    turn: AgentModelCallResult,
    tools: AgentToolOutcome[],
  ): void {
    const { request } = this;
    const row: AgentDecisionInput = {
      id: `${request.runId}:${request.nodeKey}:${step}`,
      tenantId: request.tenantId,
      flowId: request.flowId,
      runId: request.runId,
      nodeKey: request.nodeKey,
      nodeName: request.nodeName,
      step,
      promptHash: turn.promptHash,
      messages: sent.slice(this.logged),
      response: turn.message,
      tools,
      inputTokens: turn.usage.inputTokens,
      outputTokens: turn.usage.outputTokens,
      costUsd: turn.costUsd,
      latencyMs: turn.latencyMs,
      model: turn.model,
      createdAt: new Date().toISOString(),
    };
    // The next row starts after this one's response and the tool results that answer it.
    this.logged = sent.length + 1 + tools.length;
    this.hooks.onStep?.(row);
    this.pending.push(row);
    if (jsonByteLength(this.pending) > LOG_BATCH_BYTES) this.flush();
  }

  private result(messages: AgentMessage[], output: unknown, text: string): AgentLoopResult {
    return {
      output,
      text,
      steps: this.spend.steps,
      usage: { inputTokens: this.spend.inputTokens, outputTokens: this.spend.outputTokens },
      costUsd: this.spend.costUsd,
      messages,
    };
  }
}

/** The final answer: its text, or with a schema the JSON it holds (a ```json fence allowed). */
function parseAnswer(
  content: string,
  schema: z.ZodType | undefined,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!schema) return { ok: true, value: content };
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(content);
  let value: unknown;
  try {
    value = JSON.parse((fenced?.[1] ?? content).trim());
  } catch {
    return { ok: false, error: 'Your answer was not JSON. Answer with only the JSON value.' };
  }
  const checked = schema.safeParse(value);
  if (checked.success) return { ok: true, value: checked.data };
  const issues = checked.error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
  return { ok: false, error: `Your answer did not match the schema (${issues}). Answer again.` };
}

function capped(text: string): string {
  return text.length <= MAX_TOOL_RESULT_CHARS
    ? text
    : `${text.slice(0, MAX_TOOL_RESULT_CHARS)}… (cut at ${MAX_TOOL_RESULT_CHARS} characters)`;
}

function failureMessage(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type) return `${cause.type}: ${cause.message}`;
  return cause instanceof Error ? cause.message : String(cause);
}
