// The interpreter behind `runFlow`: walks a FlowDefinition with shared's join/skip scheduler,
// evaluates control nodes in place and sends action nodes to the `executeNode` activity.
// Runs inside the workflow sandbox: deterministic, no I/O except through Temporal APIs.
import {
  condition,
  executeChild,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  patched,
  sleep,
  startChild,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import {
  completeNode,
  definitionNodes,
  NodeCatalog,
  resolveParams,
  resolveParamsInTurns,
  startScope,
  type ControlEffect,
  type DefinitionNode,
  type DefinitionScope,
  type ExpressionContext,
  type FlowDefinition,
  type JsonObject,
  type RetryPolicy,
  type ScopeStep,
  type StepMeter,
  WORKFLOW_BUDGET,
} from '@bizosaas/shared';
import {
  loadControlNodes,
  NodeError,
  NodeErrorCode,
  RESPOND_WEBHOOK_TYPE,
  type ApprovalParams,
  type WebhookResponse,
} from '@bizosaas/nodes';
import {
  DEFAULT_CONTINUE_AS_NEW_EVENTS,
  DEFAULT_MAX_NODE_OUTPUT_BYTES,
  jsonByteLength,
  nodeRunKey,
  runSearchAttributes,
  runWorkflowId,
  type CarriedState,
  type NodeRunState,
  type RunActivities,
  type RunMeta,
  type RunResult,
  type RunState,
  type InterpreterStatus,
} from './contract.js';
import { describeError, runFailure } from './errors.js';
import type { HumanDecisions } from './human-decision.js';

type OptionalNodes = typeof import('./optional-nodes.js');

/** Defaults for action nodes that set no policy of their own. */
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
};
const EXPRESSION_YIELD_PATCH = 'expression-steps-yield';
/**
 * Runs started before expressions evaluated synchronously (a step cost ~0.1–2 ms here) had 500
 * steps per node and per task; they keep them on replay, so a node fails and a run yields where it
 * did. The two budgets differ only once a node or a task reaches 500 steps, so a run asks which it
 * has there (EXPRESSION_BUDGET_AT_LIMIT_PATCH), and most runs never do: a patch marker costs a run
 * two history events and a search-attribute upsert, with its visibility write. Runs of the release
 * before asked at their first node (EXPRESSION_BUDGET_PATCH), and a replay meets their marker there.
 */
const EXPRESSION_BUDGET_PATCH = 'expression-budget-synchronous';
const EXPRESSION_BUDGET_AT_LIMIT_PATCH = 'expression-budget-synchronous-at-limit';
const EXPRESSION_BUDGET_BEFORE_PATCH = { ...WORKFLOW_BUDGET, maxSteps: 500 };
/** Heartbeats are how a cancellation or a dead worker is noticed mid-call. */
const HEARTBEAT_TIMEOUT_MS = 5_000;

/** One running scope: the flow, or one loop iteration nested in its parent's frame. */
interface Frame {
  iteration: number[];
  item?: unknown;
  index?: number;
  /** Outputs of this scope's nodes by name, for `$node.<name>.output`. */
  outputs: Map<string, unknown>;
  parent?: Frame;
  /** Set when this loop's iterations, or an enclosing loop's, run side by side. */
  sideBySide?: boolean;
}

interface Outcome {
  ports: string[];
  output: unknown;
}

/** A node's params, or why they failed, and the expression steps they took. */
type Evaluated = { meter: StepMeter } & ({ params: JsonObject } | { error: unknown });

function paramsOf(outcome: Evaluated): JsonObject {
  if ('error' in outcome) throw outcome.error;
  return outcome.params;
}

export class FlowRun {
  private readonly states = new Map<string, NodeRunState>();
  /** Settled node runs carried over from before continue-as-new, replayed instead of run. */
  private readonly settled: Map<string, NodeRunState>;
  private readonly generation: number;
  private status: InterpreterStatus = 'running';
  /** The control node types the definition uses, loaded as the run starts. */
  private controlNodes = new NodeCatalog();
  /** Agents, crews and approvals, loaded when the definition has one of them. */
  private optionalNodes: OptionalNodes | undefined;
  private draining = false;
  private active = 0;
  /**
   * Nodes launched whose successors are not yet decided, loops included. A node launched while
   * only its enclosing loops are counted runs alone: nothing else can issue a command before it
   * reaches its first wait (see `perform`).
   */
  private launched = 0;
  private started = 0;
  /** Expression steps evaluated since the run last let its workflow task end (see `resolveAlone`). */
  private expressionSteps = 0;
  /** Whether the run has the synchronous expressions' budget; asked once it makes a difference. */
  private synchronousBudget: boolean | undefined;
  private resolvedAny = false;
  /** Every node of the definition, loop bodies included. */
  private readonly nodes: DefinitionNode[];
  /** Ids of the enabled Respond to webhook nodes, in the flow and in every loop body. */
  private readonly responders: Set<string>;

  constructor(
    private readonly definition: FlowDefinition,
    private readonly trigger: unknown,
    private readonly meta: RunMeta,
    carried: CarriedState | undefined,
    private readonly decisions: HumanDecisions,
  ) {
    this.generation = carried?.generation ?? 0;
    this.settled = new Map((carried?.settled ?? []).map((s) => [s.key, s]));
    this.started = Math.max(0, ...(carried?.settled ?? []).map((s) => (s.sequence ?? 0) + 1));
    this.nodes = [...definitionNodes(definition)];
    this.responders = new Set(
      this.nodes
        .filter((node) => node.type === RESPOND_WEBHOOK_TYPE && !node.disabled)
        .map((node) => node.id),
    );
  }

  /**
   * Runs the flow to its end, or until history grows long: then, once every node in flight has
   * settled, returns the state to continue as new with.
   */
  async execute(): Promise<{ result: RunResult } | { continueWith: CarriedState }> {
    try {
      // Before any node starts, so the commands of a run come in the same order whatever it loads.
      this.controlNodes = await loadControlNodes(
        this.nodes.filter((node) => node.kind === 'control').map((node) => node.type),
      );
      if (this.nodes.some((node) => node.kind === 'agent' || node.kind === 'human'))
        this.optionalNodes = await import(/* webpackMode: "eager" */ './optional-nodes.js');
      const finished = this.runScope(
        this.definition,
        { iteration: [], outputs: new Map() },
        this.trigger,
      );
      const drained = condition(() => this.draining && this.active === 0);
      const outcome = await Promise.race([
        finished.then((output) => ({ output })),
        drained.then(() => undefined),
      ]);
      if (outcome === undefined) {
        const settled = [...this.states.values()]
          .filter((s) => s.ports !== undefined)
          .map(({ input: _, ...s }) => s);
        return { continueWith: { generation: this.generation + 1, settled } };
      }
      this.status = 'succeeded';
      const answered = this.answered();
      return {
        result: {
          runId: this.meta.runId,
          output: outcome.output,
          ...(answered ? { response: answered.output as WebhookResponse } : {}),
        },
      };
    } catch (error) {
      this.status = 'failed';
      throw error;
    }
  }

  snapshot(): RunState {
    return {
      runId: this.meta.runId,
      status: this.status,
      generation: this.generation,
      trigger: this.trigger,
      nodes: [...this.states.values()],
    };
  }

  /** Runs a scope to completion; resolves with its result (see `scopeResult`). */
  private runScope(scope: DefinitionScope, frame: Frame, entryData: unknown): Promise<unknown> {
    const { state, step } = startScope(scope);
    const byId = new Map(scope.nodes.map((n) => [n.id, n]));
    for (const node of scope.nodes) this.init(node, frame);
    // Data waiting on each node's input, by the edge it came along, in a stable edge order.
    const inbox = new Map<string, Map<string, unknown>>(
      scope.entries.map((id) => [id, new Map([['', entryData]])]),
    );
    const edgeOrder = incomingOrder(scope);

    return new Promise((resolve, reject) => {
      let pending = 0;
      let failed = false;
      const decide = (next: ScopeStep) => {
        for (const id of next.skipped)
          this.update(nodeRunKey(id, frame.iteration), { status: 'skipped' });
        const together = next.ready.length > 1;
        for (const id of next.ready) launch(byId.get(id) as DefinitionNode, together);
      };
      const launch = (node: DefinitionNode, together: boolean) => {
        if (failed) return;
        pending++;
        const alone = !together && !frame.sideBySide && this.launched === frame.iteration.length;
        this.launched++;
        let counted = true;
        const settle = () => {
          if (counted) this.launched--;
          counted = false;
        };
        const arrived = inbox.get(node.id) ?? new Map<string, unknown>();
        const ordered = [...arrived.keys()].sort(
          (a, b) => (edgeOrder.get(a) ?? -1) - (edgeOrder.get(b) ?? -1),
        );
        const input = node.join
          ? ordered.map((k) => arrived.get(k))
          : arrived.get(ordered[0] as string);
        this.runNode(node, frame, input, alone)
          .then(({ ports, output }) => {
            // Before its successors launch: they are not beside it.
            settle();
            if (failed) return;
            frame.outputs.set(node.name, output);
            for (const port of ports) {
              for (const s of node.successors[port] ?? []) {
                const box = inbox.get(s.node) ?? new Map<string, unknown>();
                box.set(`${node.id}:${port}`, output);
                inbox.set(s.node, box);
              }
            }
            decide(completeNode(scope, state, node.id, ports));
            if (--pending === 0) resolve(this.scopeResult(scope, frame));
          })
          .catch((error: unknown) => {
            settle();
            if (failed) return;
            failed = true;
            reject(error);
          });
      };
      decide(step);
      if (pending === 0) resolve(this.scopeResult(scope, frame));
    });
  }

  /** A scope's result: the output of its last node, in flow order, that succeeded. */
  private scopeResult(scope: DefinitionScope, frame: Frame): unknown {
    for (let i = scope.nodes.length - 1; i >= 0; i--) {
      const state = this.states.get(
        nodeRunKey((scope.nodes[i] as DefinitionNode).id, frame.iteration),
      );
      if (state?.status === 'succeeded') return state.output;
    }
    return undefined;
  }

  private async runNode(
    node: DefinitionNode,
    frame: Frame,
    input: unknown,
    alone: boolean,
  ): Promise<Outcome> {
    const key = nodeRunKey(node.id, frame.iteration);
    const replayed = this.settled.get(key);
    if (replayed?.ports) {
      this.states.set(key, replayed);
      return { ports: replayed.ports, output: replayed.output };
    }
    if (!this.draining && this.historyIsLong()) this.draining = true;
    // Parked until the run continues as new; the next generation starts this node afresh.
    if (this.draining) await condition(() => false);
    this.update(key, { status: 'running', input, sequence: this.started++, startedAt: now() });
    try {
      const outcome = await this.perform(node, frame, input, key, alone);
      this.checkSize(outcome.output);
      this.update(key, {
        status: 'succeeded',
        output: outcome.output,
        ports: outcome.ports,
        finishedAt: now(),
      });
      return outcome;
    } catch (error) {
      const info = describeError(error);
      if (isCancellation(error) || node.onError === 'fail') {
        this.update(key, { status: 'failed', error: info, finishedAt: now() });
        throw isCancellation(error) ? error : runFailure(node.name, key, error);
      }
      // `continue` passes the error on as the node's output; `route` sends it out of `error`.
      const ports = node.onError === 'route' ? ['error'] : [firstPort(node)];
      const output = { error: { ...info, node: node.name } };
      this.update(key, { status: 'failed', error: info, output, ports, finishedAt: now() });
      return { ports, output };
    }
  }

  /**
   * A node's params, evaluated within WORKFLOW_BUDGET. Expressions run inside the workflow task,
   * and a task that runs past 5 s is killed by the deadlock detector and retried forever (and that
   * interruption has crashed the worker process, issue 12), so a budget per node is not enough for
   * a loop of control nodes that never waits on an activity: after as many steps as one node may
   * take, the run sleeps 1 ms, which ends the task and goes on in the next. Step counts are
   * deterministic, so a replay sleeps at the same points; `patched` keeps older histories valid.
   *
   * A node that runs alone gets them synchronously (a promise only when the run must yield first):
   * every promise a workflow creates runs the SDK's promise hook. Nodes beside each other issue
   * their commands in the order their params are ready, so theirs take the microtask turns they
   * took when evaluation was asynchronous (`resolveParamsInTurns`), and runs recorded then replay.
   */
  private resolveAlone(
    node: DefinitionNode,
    frame: Frame,
    input: unknown,
  ): JsonObject | Promise<JsonObject> {
    this.noteFirstResolve();
    // No steps to count, so no budget to ask for and no reason to yield.
    if (node.expressions.length === 0) return node.params;
    const context = this.expressionContext(frame, input);
    const evaluate = (budget: typeof WORKFLOW_BUDGET): Evaluated => {
      const meter = { steps: 0, regexWork: 0 };
      try {
        return { meter, params: resolveParams(node, context, { budget, meter }) };
      } catch (error) {
        return { meter, error };
      }
    };
    const first = this.budget();
    let outcome = evaluate(first);
    if (this.evaluateAgain(outcome, first)) outcome = evaluate(this.budget());
    if (this.mustYield(outcome)) return sleep(1).then(() => paramsOf(outcome));
    return paramsOf(outcome);
  }

  /** `resolveAlone` for a node beside others: its awaits are part of how history was recorded. */
  private async resolveInTurns(node: DefinitionNode, frame: Frame, input: unknown) {
    this.noteFirstResolve();
    const context = this.expressionContext(frame, input);
    const evaluate = async (budget: typeof WORKFLOW_BUDGET): Promise<Evaluated> => {
      const meter = { steps: 0, regexWork: 0 };
      try {
        return { meter, params: await resolveParamsInTurns(node, context, { budget, meter }) };
      } catch (error) {
        return { meter, error };
      }
    };
    const first = this.budget();
    let outcome = await evaluate(first);
    if (this.evaluateAgain(outcome, first)) outcome = await evaluate(this.budget());
    if (this.mustYield(outcome)) await sleep(1);
    return paramsOf(outcome);
  }

  private noteFirstResolve(): void {
    if (this.resolvedAny) return;
    this.resolvedAny = true;
    // Replaying a history without that marker, `patched` answers false and records nothing.
    if (workflowInfo().unsafe.isReplaying && patched(EXPRESSION_BUDGET_PATCH))
      this.synchronousBudget = true;
  }

  private budget() {
    return this.synchronousBudget === false ? EXPRESSION_BUDGET_BEFORE_PATCH : WORKFLOW_BUDGET;
  }

  /** A run from before the synchronous budget evaluates again, to fail exactly where it failed then. */
  private evaluateAgain(outcome: Evaluated, first: typeof WORKFLOW_BUDGET): boolean {
    if (outcome.meter.steps >= EXPRESSION_BUDGET_BEFORE_PATCH.maxSteps) this.askSynchronousBudget();
    return this.budget() !== first;
  }

  /** Counts the node's steps toward the task's; true once the run must let its task end first. */
  private mustYield(outcome: Evaluated): boolean {
    this.expressionSteps += outcome.meter.steps;
    if (this.expressionSteps >= EXPRESSION_BUDGET_BEFORE_PATCH.maxSteps)
      this.askSynchronousBudget();
    if (this.expressionSteps < this.budget().maxSteps || !patched(EXPRESSION_YIELD_PATCH))
      return false;
    this.expressionSteps = 0;
    return true;
  }

  private askSynchronousBudget(): void {
    this.synchronousBudget ??= patched(EXPRESSION_BUDGET_AT_LIMIT_PATCH);
  }

  private async perform(
    node: DefinitionNode,
    frame: Frame,
    input: unknown,
    key: string,
    alone: boolean,
  ): Promise<Outcome> {
    if (node.disabled) return { ports: [firstPort(node)], output: input };
    if (node.kind === 'trigger') return { ports: [firstPort(node)], output: this.trigger };
    const resolved = alone
      ? this.resolveAlone(node, frame, input)
      : this.resolveInTurns(node, frame, input);
    const params = resolved instanceof Promise ? await resolved : resolved;
    const optional = this.optionalNodes;
    if (
      node.kind === 'agent' &&
      optional &&
      (node.type === optional.agentNode.type || node.type === optional.crewNode.type)
    ) {
      return {
        ports: [firstPort(node)],
        output: await this.durable(() => this.runAgent(node, params, key)),
      };
    }
    if (node.kind === 'action' || node.kind === 'agent') {
      return {
        ports: [firstPort(node)],
        output: await this.durable(() => this.runActivity(node, params, input, key)),
      };
    }
    if (node.kind === 'human' && optional && node.type === optional.approvalNode.type) {
      // Counted as durable work: continue-as-new waits for open tasks, so none spans generations.
      return this.durable(() => this.runApproval(node, params, input, key));
    }
    if (node.kind !== 'control') {
      throw new NodeError(
        NodeErrorCode.UNSUPPORTED_NODE_KIND,
        `${node.kind} nodes are not supported by this runtime yet`,
      );
    }
    const nodeType = this.controlNodes.get(node.type, node.typeVersion);
    if (!nodeType?.evaluate) {
      throw new NodeError(
        NodeErrorCode.UNKNOWN_NODE_TYPE,
        `this worker does not know ${node.type}@${node.typeVersion}`,
      );
    }
    const parsed: unknown = nodeType.params.parse(params);
    const answered = node.type === RESPOND_WEBHOOK_TYPE ? this.answered() : undefined;
    if (answered)
      throw new NodeError(
        NodeErrorCode.WEBHOOK_ALREADY_ANSWERED,
        `the webhook call was already answered by "${answered.name}"; a call gets one response`,
      );
    const result = nodeType.evaluate({ params: parsed, input });
    if (nodeType.container && node.body) {
      const items = result.outputs[nodeType.container.bodyOutput];
      if (!Array.isArray(items))
        throw new NodeError(NodeErrorCode.INVALID_PARAMS, 'the loop needs an array of items');
      const concurrency = nodeType.container.concurrency?.(parsed) ?? 1;
      const output = await this.runLoop(node.body, frame, items, concurrency);
      return { ports: Object.keys(node.successors).filter((p) => p !== 'error'), output };
    }
    const ports = Object.keys(result.outputs);
    const effect = result.effect;
    const output = effect
      ? await this.durable(() =>
          this.performEffect(effect, key, result.outputs[ports[0] as string]),
        )
      : result.outputs[ports[0] as string];
    return { ports, output };
  }

  /**
   * Counts work that leaves a trace in history (activities, timers, child runs): continue-as-new
   * waits until none is in flight. Containers are not counted; their body nodes are.
   */
  private async durable<T>(work: () => Promise<T>): Promise<T> {
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
    }
  }

  private async performEffect(
    effect: ControlEffect,
    key: string,
    passThrough: unknown,
  ): Promise<unknown> {
    this.update(
      key,
      effect.kind === 'sleep'
        ? {
            status: 'waiting',
            waitingFor: 'timer',
            waitingUntil: new Date(Date.now() + effect.ms).toISOString(),
          }
        : { status: 'waiting', waitingFor: 'sub_flow' },
    );
    if (effect.kind === 'sleep') {
      await sleep(effect.ms);
      return passThrough;
    }
    const child = this.meta.subFlows?.[effect.flowId];
    if (!child) {
      throw new NodeError(
        NodeErrorCode.SUB_FLOW_NOT_FOUND,
        `flow "${effect.flowId}" was not pinned for this run`,
      );
    }
    const meta: RunMeta = {
      ...this.meta,
      flowId: effect.flowId,
      flowVersion: child.version,
      runId: `${this.meta.runId}.${key}`,
      parentRunId: this.meta.runId,
    };
    const options = {
      workflowId: runWorkflowId(meta.tenantId, meta.flowId, meta.runId),
      args: [child.definition, effect.input, meta] as [FlowDefinition, unknown, RunMeta],
      typedSearchAttributes: runSearchAttributes(meta),
      // A child we wait for dies with its parent; a fire-and-forget child lives on.
      parentClosePolicy: effect.wait ? ParentClosePolicy.TERMINATE : ParentClosePolicy.ABANDON,
    };
    if (!effect.wait) {
      await startChild('runFlow', options);
      return { runId: meta.runId };
    }
    const result = (await executeChild('runFlow', options)) as RunResult;
    return result.output;
  }

  private async runApproval(
    node: DefinitionNode,
    params: unknown,
    input: unknown,
    key: string,
  ): Promise<Outcome> {
    const { approvalNode, durationMs } = this.loadedOptionalNodes();
    const p: ApprovalParams = approvalNode.params.parse(params);
    const dueInMs = p.dueAfter ? durationMs(p.dueAfter) : undefined;
    const outcome = await this.decisions.request({
      nodeKey: key,
      nodeId: node.id,
      nodeName: node.name,
      title: p.title,
      description: p.description,
      details: p.details,
      form: p.form,
      assignees: p.assignees,
      required: { mode: p.approvals.required, count: p.approvals.count },
      ...(dueInMs !== undefined ? { dueInMs } : {}),
      whenDue: p.whenDue,
      remindBeforeDueMs: p.reminders.map(durationMs),
      ...(p.escalation
        ? {
            escalation: {
              afterMs: durationMs(p.escalation.after),
              assignees: p.escalation.assignees,
            },
          }
        : {}),
      notify: p.notify,
      onWaiting: () => this.update(key, { status: 'waiting', waitingFor: 'approval' }),
    });
    return { ports: [outcome.decision], output: { ...outcome, input } };
  }

  private loadedOptionalNodes(): OptionalNodes {
    if (!this.optionalNodes) throw new Error('optional node modules used before they were loaded');
    return this.optionalNodes;
  }

  private runAgent(node: DefinitionNode, params: unknown, key: string): Promise<unknown> {
    const run = { node, params, key, meta: this.meta, maxOutputBytes: this.maxOutputBytes() };
    const hooks = {
      decisions: this.decisions,
      onWaiting: () => this.update(key, { status: 'waiting', waitingFor: 'approval' }),
      onResumed: () => this.update(key, { status: 'running' }),
    };
    const { crewNode, runAgentNode, runCrewNode } = this.loadedOptionalNodes();
    return node.type === crewNode.type ? runCrewNode(run, hooks) : runAgentNode(run, hooks);
  }

  private async runLoop(
    body: DefinitionScope,
    frame: Frame,
    items: unknown[],
    concurrency: number,
  ): Promise<unknown[]> {
    const results: unknown[] = new Array<unknown>(items.length).fill(null);
    let next = 0;
    let failed = false;
    const lane = async () => {
      while (!failed && next < items.length) {
        const index = next++;
        const iteration: Frame = {
          iteration: [...frame.iteration, index],
          item: items[index],
          index,
          outputs: new Map(),
          parent: frame,
          sideBySide: frame.sideBySide === true || concurrency > 1,
        };
        try {
          results[index] = (await this.runScope(body, iteration, items[index])) ?? null;
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
    return results;
  }

  private async runActivity(
    node: DefinitionNode,
    params: unknown,
    input: unknown,
    key: string,
  ): Promise<unknown> {
    const maxOutputBytes = this.maxOutputBytes();
    // An oversized activity input would fail the workflow task over and over; fail the node instead.
    if (jsonByteLength({ params, input }) > maxOutputBytes) {
      throw new NodeError(
        NodeErrorCode.PAYLOAD_TOO_LARGE,
        `the input of "${node.name}" is larger than ${maxOutputBytes} bytes`,
      );
    }
    const { executeNode } = proxyActivities<RunActivities>(activityOptions(node));
    return executeNode({
      tenantId: this.meta.tenantId,
      flowId: this.meta.flowId,
      runId: this.meta.runId,
      nodeId: node.id,
      nodeName: node.name,
      type: node.type,
      typeVersion: node.typeVersion,
      params,
      input,
      ...(node.connectionId !== undefined ? { connectionId: node.connectionId } : {}),
      idempotencyKey: `${this.meta.runId}:${key}`,
      outbound: this.meta.outbound,
      maxOutputBytes,
    });
  }

  private expressionContext(frame: Frame, input: unknown): ExpressionContext {
    const node: Record<string, { output: unknown }> = {};
    const chain: Frame[] = [];
    for (let f: Frame | undefined = frame; f; f = f.parent) chain.unshift(f);
    // Inner scopes shadow outer ones, so inside a loop a body node's name means this iteration's.
    for (const f of chain) for (const [name, output] of f.outputs) node[name] = { output };
    return {
      trigger: this.trigger,
      node,
      input,
      vars: this.definition.settings.variables,
      run: {
        runId: this.meta.runId,
        flowId: this.meta.flowId,
        tenantId: this.meta.tenantId,
        startedAt: this.meta.startedAt,
      },
      ...(frame.index !== undefined ? { item: frame.item, index: frame.index } : {}),
    };
  }

  private checkSize(output: unknown): void {
    const limit = this.maxOutputBytes();
    if (jsonByteLength(output) > limit) {
      throw new NodeError(
        NodeErrorCode.PAYLOAD_TOO_LARGE,
        `the output is larger than ${limit} bytes`,
      );
    }
  }

  private maxOutputBytes(): number {
    return this.meta.limits?.maxNodeOutputBytes ?? DEFAULT_MAX_NODE_OUTPUT_BYTES;
  }

  private historyIsLong(): boolean {
    const info = workflowInfo();
    const limit = this.meta.limits?.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_EVENTS;
    return info.continueAsNewSuggested || info.historyLength >= limit;
  }

  private init(node: DefinitionNode, frame: Frame): void {
    const key = nodeRunKey(node.id, frame.iteration);
    if (this.states.has(key)) return;
    this.states.set(key, {
      key,
      nodeId: node.id,
      name: node.name,
      ...(frame.iteration.length > 0 ? { iteration: frame.iteration } : {}),
      status: 'pending',
    });
  }

  /** The Respond to webhook run that answered the call: the first to succeed (also across continue-as-new). */
  private answered(): NodeRunState | undefined {
    let first: NodeRunState | undefined;
    for (const state of this.states.values()) {
      if (!this.responders.has(state.nodeId) || state.status !== 'succeeded') continue;
      if (first === undefined || (state.sequence ?? 0) < (first.sequence ?? 0)) first = state;
    }
    return first;
  }

  private update(key: string, patch: Partial<NodeRunState>): void {
    const next = { ...(this.states.get(key) as NodeRunState), ...patch };
    // What a node waited on is news only while it waits.
    if (next.status !== 'waiting') {
      delete next.waitingFor;
      delete next.waitingUntil;
    }
    this.states.set(key, next);
  }
}

function activityOptions(node: DefinitionNode): ActivityOptions {
  const timeoutMs = node.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry = node.retry ?? DEFAULT_RETRY;
  return {
    startToCloseTimeout: timeoutMs,
    ...(timeoutMs > HEARTBEAT_TIMEOUT_MS ? { heartbeatTimeout: HEARTBEAT_TIMEOUT_MS } : {}),
    retry: {
      maximumAttempts: retry.maxAttempts,
      ...(retry.initialIntervalMs !== undefined
        ? { initialInterval: retry.initialIntervalMs }
        : {}),
      ...(retry.backoffCoefficient !== undefined
        ? { backoffCoefficient: retry.backoffCoefficient }
        : {}),
      ...(retry.maxIntervalMs !== undefined ? { maximumInterval: retry.maxIntervalMs } : {}),
      ...(retry.nonRetryableErrorTypes
        ? { nonRetryableErrorTypes: retry.nonRetryableErrorTypes }
        : {}),
    },
  };
}

/** The port a node's data leaves by when it has no choice to make: its first regular output. */
function firstPort(node: DefinitionNode): string {
  return Object.keys(node.successors).find((p) => p !== 'error') ?? 'main';
}

/** For each node, the order of its incoming edges (`source:port`), so joins list branches stably. */
function incomingOrder(scope: DefinitionScope): Map<string, number> {
  const order = new Map<string, number>();
  for (const node of scope.nodes) {
    for (const port of Object.keys(node.successors)) order.set(`${node.id}:${port}`, order.size);
  }
  return order;
}

function now(): string {
  return new Date().toISOString();
}
