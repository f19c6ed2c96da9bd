// What the workflow, its activities and its clients agree on. Sandbox-safe: types, constants and
// pure helpers only.
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  TypedSearchAttributes,
} from '@temporalio/common';
import type { FlowDefinition, NodeRunState } from '@bizosaas/shared';

// The node-run shape is the API's too (the server returns it, the editor paints it): one source.
export type { NodeErrorInfo, NodeRunState, NodeStatus } from '@bizosaas/shared';
import type { OutboundPolicy, WebhookResponse } from '@bizosaas/nodes';

/** The interpreter's workflow type name. */
export const RUN_FLOW_WORKFLOW = 'runFlow';
/**
 * `meta.runId` of runs a Temporal Schedule starts: a schedule passes the same arguments every
 * time, so the workflow takes its run id (the workflow id, unique per firing) and its start time
 * from Temporal instead.
 */
export const SCHEDULED_RUN_ID = 'scheduled';
/** Query answered with a `RunState`. */
export const RUN_STATE_QUERY = 'runState';

export const TENANT_ID = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);
export const FLOW_ID = defineSearchAttributeKey('FlowId', SearchAttributeType.KEYWORD);
export const FLOW_VERSION = defineSearchAttributeKey('FlowVersion', SearchAttributeType.INT);

/** Temporal refuses payloads over 2 MB; node outputs stay well under it. */
export const DEFAULT_MAX_NODE_OUTPUT_BYTES = 1_000_000;
/** History length at which a run continues as new (Temporal's own suggestion also triggers it). */
export const DEFAULT_CONTINUE_AS_NEW_EVENTS = 10_000;

/** Everything about a run that is not the flow or its trigger payload. */
export interface RunMeta {
  tenantId: string;
  flowId: string;
  flowVersion: number;
  /** The user-facing run id: stable across continue-as-new, part of the workflow id. */
  runId: string;
  /** ISO 8601, read by expressions as `$run.startedAt`. */
  startedAt: string;
  /** The tenant's outbound HTTP settings; the worker has no database to look them up. */
  outbound: OutboundPolicy;
  /**
   * Definitions of the flows that sub-flow nodes may start (transitively), by flow id, pinned by
   * the server when the run starts, so a run is self-contained and replays the same way.
   */
  subFlows?: Record<string, { version: number; definition: FlowDefinition }>;
  limits?: { maxNodeOutputBytes?: number; continueAsNewAfterEvents?: number };
  /** Set on child runs: the user-facing id of the run that started it. */
  parentRunId?: string;
  /**
   * Task queue of the server-hosted platform worker (approval tasks); defaults to
   * `DEFAULT_PLATFORM_TASK_QUEUE`. The server sets it from `TEMPORAL_PLATFORM_TASK_QUEUE`.
   */
  platformTaskQueue?: string;
}

/** Where the interpreter is within the run; the run's Temporal status is `RunStatus` (shared). */
export type InterpreterStatus = 'running' | 'succeeded' | 'failed';

export interface RunState {
  runId: string;
  status: InterpreterStatus;
  /** How many times the run continued as new. */
  generation: number;
  /** What the run started with (a scheduled run: its firing time), so readers need no history. */
  trigger: unknown;
  nodes: NodeRunState[];
}

export interface RunResult {
  runId: string;
  /** Output of the last node (in flow order) that succeeded. */
  output: unknown;
  /** What the first Respond to webhook node that ran answered (a sync webhook's HTTP response). */
  response?: WebhookResponse;
}

/** Carried across continue-as-new: settled nodes are replayed from here, not run again. */
export interface CarriedState {
  generation: number;
  settled: NodeRunState[];
}

/** What the workflow sends the generic `executeNode` activity. Never a credential. */
export interface ExecuteNodeInput {
  tenantId: string;
  flowId: string;
  runId: string;
  nodeId: string;
  nodeName: string;
  type: string;
  typeVersion: number;
  params: unknown;
  input: unknown;
  connectionId?: string;
  idempotencyKey: string;
  outbound: OutboundPolicy;
  maxOutputBytes: number;
}

export interface RunActivities {
  executeNode(input: ExecuteNodeInput): Promise<unknown>;
}

/** The workflow id of a run: `tenant/flow/run`, so ids never collide across tenants. */
export function runWorkflowId(tenantId: string, flowId: string, runId: string): string {
  return `${tenantId}/${flowId}/${runId}`;
}

export function runSearchAttributes(
  meta: Pick<RunMeta, 'tenantId' | 'flowId' | 'flowVersion'>,
): TypedSearchAttributes {
  return new TypedSearchAttributes([
    { key: TENANT_ID, value: meta.tenantId },
    { key: FLOW_ID, value: meta.flowId },
    { key: FLOW_VERSION, value: meta.flowVersion },
  ]);
}

/** Key of a node run; the idempotency key is `runId:` + this. */
export function nodeRunKey(nodeId: string, iteration: readonly number[]): string {
  return iteration.length === 0 ? nodeId : `${nodeId}:${iteration.join('.')}`;
}

/** UTF-8 size of a value's JSON, as Temporal will store it (before encryption). */
export function jsonByteLength(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
