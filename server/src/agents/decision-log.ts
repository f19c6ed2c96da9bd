// The agent decision log in PostgreSQL: every step an agent took (what it was sent, what it
// answered, each tool call with its arguments, approval and result, tokens, cost, latency), for
// explaining a run afterwards. Every query names the tenant. Credentials never reach these rows:
// the workflow that writes them holds only connection ids.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgentMessage } from '@bizosaas/nodes';
import type { AgentDecisionInput, AgentToolOutcome } from '@bizosaas/runtime';

type Executor = Pick<EntityManager, 'execute'>;

/** Stores one step; a step already stored (a retried activity) is left as it is. */
export async function recordDecision(em: Executor, row: AgentDecisionInput): Promise<void> {
  await em.execute(
    `INSERT INTO agent_decisions (id, tenant_id, flow_id, run_id, node_key, node_name, step,
        prompt_hash, messages, response, tools, input_tokens, output_tokens, cost_usd, latency_ms,
        model, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO NOTHING`,
    [
      row.id,
      row.tenantId,
      row.flowId,
      row.runId,
      row.nodeKey,
      row.nodeName,
      row.step,
      row.promptHash,
      JSON.stringify(row.messages),
      JSON.stringify(row.response),
      JSON.stringify(row.tools),
      row.inputTokens,
      row.outputTokens,
      row.costUsd,
      row.latencyMs,
      row.model,
      row.createdAt,
    ],
  );
}

export interface TranscriptStep {
  step: number;
  model: string;
  promptHash: string;
  /**
   * What this step's prompt added: the system prompt and the task on the first step, later a
   * correction the loop sent. Earlier answers and tool results are shown with their own step.
   */
  prompt: AgentMessage[];
  response: AgentMessage;
  tools: AgentToolOutcome[];
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  createdAt: string;
}

export interface AgentTranscript {
  nodeKey: string;
  nodeName: string;
  steps: TranscriptStep[];
  totals: { inputTokens: number; outputTokens: number; costUsd: number; latencyMs: number };
}

interface Row {
  nodeKey: string;
  nodeName: string;
  step: number;
  model: string;
  promptHash: string;
  messages: AgentMessage[];
  response: AgentMessage;
  tools: AgentToolOutcome[];
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  createdAt: Date | string;
}

/** The transcript of every agent of a run, one per node run key, in the order they started. */
export async function transcriptOf(
  em: Executor,
  tenantId: string,
  runId: string,
): Promise<AgentTranscript[]> {
  const rows = await em.execute<Row[]>(
    `SELECT node_key AS "nodeKey", node_name AS "nodeName", step, model, prompt_hash AS "promptHash",
        messages, response, tools, input_tokens AS "inputTokens", output_tokens AS "outputTokens",
        cost_usd AS "costUsd", latency_ms AS "latencyMs", created_at AS "createdAt"
      FROM agent_decisions WHERE tenant_id = ? AND run_id = ?
      ORDER BY created_at, node_key, step`,
    [tenantId, runId],
  );
  const byNode = new Map<string, AgentTranscript>();
  for (const row of rows.sort((a, b) => a.step - b.step)) {
    let transcript = byNode.get(row.nodeKey);
    if (!transcript) {
      transcript = {
        nodeKey: row.nodeKey,
        nodeName: row.nodeName,
        steps: [],
        totals: { inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0 },
      };
      byNode.set(row.nodeKey, transcript);
    }
    transcript.steps.push({
      step: row.step,
      model: row.model,
      promptHash: row.promptHash,
      prompt: row.messages,
      response: row.response,
      tools: row.tools,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costUsd: row.costUsd,
      latencyMs: row.latencyMs,
      createdAt: new Date(row.createdAt).toISOString(),
    });
    transcript.totals.inputTokens += row.inputTokens;
    transcript.totals.outputTokens += row.outputTokens;
    transcript.totals.costUsd += row.costUsd;
    transcript.totals.latencyMs += row.latencyMs;
  }
  return [...byNode.values()];
}
