// A crew node of a flow, on the durable agent loop: each member is one agent loop, so each
// member's model and tool calls are activities and its steps are rows of the decision log.
// Sequential crews hand each member the previous one's answer; a hierarchical crew's manager
// delegates through a `delegate` tool that runs the member's loop here, inside the workflow.
import { z } from 'zod';
import {
  crewNode,
  findCrew,
  findPersona,
  NodeError,
  NodeErrorCode,
  personaSystemPrompt,
  type Crew,
  type CrewOutput,
  type CrewParams,
  type Persona,
} from '@bizosaas/nodes';
import type { DefinitionNode } from '@bizosaas/shared';
import {
  runAgentLoop,
  type AgentLoopHooks,
  type AgentLoopRequest,
  type AgentLoopResult,
  type WorkflowTool,
} from './agent-loop.js';
import type { RunMeta } from './contract.js';
import { DEFAULT_PLATFORM_TASK_QUEUE } from './human-decision-contract.js';

export interface CrewNodeRun {
  node: DefinitionNode;
  /** The node's params, expressions resolved. */
  params: unknown;
  key: string;
  meta: RunMeta;
  maxOutputBytes: number;
}

export const DELEGATE_TOOL = 'delegate';

/**
 * Runs one crew node to its output: the crew's answer and each member's.
 *
 * @throws NodeError INVALID_PARAMS for params the node's schema refuses.
 */
export async function runCrewNode(run: CrewNodeRun, hooks: AgentLoopHooks): Promise<CrewOutput> {
  const parsed = crewNode.params.safeParse(run.params);
  if (!parsed.success)
    throw new NodeError(NodeErrorCode.INVALID_PARAMS, z.prettifyError(parsed.error));
  const crew = findCrew(parsed.data.crew);
  if (!crew)
    throw new NodeError(NodeErrorCode.INVALID_PARAMS, `unknown crew "${parsed.data.crew}"`);
  const work = new CrewWork(run, parsed.data, crew, hooks);
  return crew.process === 'sequential' ? work.sequential() : work.hierarchical();
}

class CrewWork {
  private readonly steps: CrewOutput['steps'] = [];
  private readonly usage = { inputTokens: 0, outputTokens: 0 };
  private costUsd = 0;

  constructor(
    private readonly run: CrewNodeRun,
    private readonly params: CrewParams,
    private readonly crew: Crew,
    private readonly hooks: AgentLoopHooks,
  ) {}

  async sequential(): Promise<CrewOutput> {
    let previous: { persona: Persona; text: string } | undefined;
    let last: AgentLoopResult | undefined;
    for (const [index, member] of this.crew.members.entries()) {
      const persona = catalogPersona(member.persona);
      const final = index === this.crew.members.length - 1;
      const content = previous
        ? `${this.params.task}\n\nThe previous step, by ${previous.persona.name}, answered:\n${previous.text}`
        : this.params.task;
      last = await this.agent(
        `${index}`,
        persona,
        member.task,
        content,
        final ? this.crew.output : persona.output,
      );
      previous = { persona, text: last.text };
    }
    return this.result(last!);
  }

  async hierarchical(): Promise<CrewOutput> {
    const manager = catalogPersona(this.crew.manager!);
    const members = this.crew.members;
    let delegations = 0;
    const delegate: WorkflowTool = {
      spec: {
        name: DELEGATE_TOOL,
        description:
          'Give one sub-task to a member of your crew; the answer is that member’s result.',
        schema: {
          type: 'object',
          properties: {
            member: { type: 'string', enum: members.map((m) => m.persona) },
            task: { type: 'string', description: 'What the member should do, with what it needs' },
          },
          required: ['member', 'task'],
          additionalProperties: false,
        },
        write: false,
      },
      run: async (args) => {
        const member = members.find((m) => m.persona === args.member);
        if (!member || typeof args.task !== 'string')
          return `error: delegate to one of ${members.map((m) => m.persona).join(', ')}, with a task`;
        const persona = catalogPersona(member.persona);
        const result = await this.agent(
          `${delegations++}.${member.persona}`,
          persona,
          member.task,
          args.task,
          persona.output,
        );
        return result.text;
      },
    };
    const roster = members
      .map((m) => `- ${m.persona} (${catalogPersona(m.persona).name}): ${m.task}`)
      .join('\n');
    const system = [
      personaSystemPrompt(manager),
      `You manage the ${this.crew.name}: ${this.crew.description}`,
      `Your crew:\n${roster}`,
      `Give each sub-task to the right member with the ${DELEGATE_TOOL} tool, then answer with the crew's result.`,
    ].join('\n\n');
    const answer = await this.loop('manager', manager, system, this.params.task, this.crew.output, [
      delegate,
    ]);
    return this.result(answer);
  }

  private agent(
    suffix: string,
    persona: Persona,
    task: string,
    content: string,
    output: z.ZodType | undefined,
  ): Promise<AgentLoopResult> {
    const system = `${personaSystemPrompt(persona)}\n\nYour part in the ${this.crew.name}: ${task}`;
    return this.loop(suffix, persona, system, content, output, []).then((result) => {
      this.steps.push({ persona: persona.key, task: content, text: result.text });
      return result;
    });
  }

  private async loop(
    suffix: string,
    persona: Persona,
    system: string,
    content: string,
    output: z.ZodType | undefined,
    workflowTools: WorkflowTool[],
  ): Promise<AgentLoopResult> {
    const { run, params } = this;
    const request: AgentLoopRequest = {
      tenantId: run.meta.tenantId,
      flowId: run.meta.flowId,
      runId: run.meta.runId,
      nodeKey: `${run.key}:${suffix}`,
      nodeId: run.node.id,
      nodeName: `${run.node.name} · ${persona.name}`,
      system,
      messages: [{ role: 'user', content }],
      ...(run.node.connectionId !== undefined ? { connectionId: run.node.connectionId } : {}),
      model: params.model,
      tools: params.tools,
      toolCategories: [...persona.tools],
      approvers: params.approvers,
      limits: params.limits,
      ...(output ? { outputSchema: z.toJSONSchema(output) as Record<string, unknown> } : {}),
      outbound: run.meta.outbound,
      maxOutputBytes: run.maxOutputBytes,
      platformTaskQueue: run.meta.platformTaskQueue ?? DEFAULT_PLATFORM_TASK_QUEUE,
    };
    const result = await runAgentLoop(request, { ...this.hooks, workflowTools });
    this.usage.inputTokens += result.usage.inputTokens;
    this.usage.outputTokens += result.usage.outputTokens;
    this.costUsd += result.costUsd;
    return result;
  }

  private result(final: AgentLoopResult): CrewOutput {
    return {
      output: final.output,
      text: final.text,
      steps: this.steps,
      usage: this.usage,
      costUsd: this.costUsd,
    };
  }
}

function catalogPersona(key: string): Persona {
  const persona = findPersona(key);
  if (!persona) throw new NodeError(NodeErrorCode.INVALID_PARAMS, `unknown persona "${key}"`);
  return persona;
}
