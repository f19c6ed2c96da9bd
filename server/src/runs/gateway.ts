// The server's view of runs and schedules: what the routers and webhook ingress need from
// Temporal, behind one interface so tenancy checks live in one place (temporal-gateway.ts).
import type { OutboundPolicy } from '@bizosaas/nodes';
import type { RunResult } from '@bizosaas/runtime';
import type { FlowDefinition, JsonValue, NodeRunState, RunStatus } from '@bizosaas/shared';

export type TriggerKind = 'test' | 'manual' | 'webhook' | 'schedule' | 'poll' | 'rerun';

export interface StartRunInput {
  tenantId: string;
  flowId: string;
  /** The published version run; 0 for a test run of the draft. */
  version: number;
  definition: FlowDefinition;
  trigger: { kind: TriggerKind; payload: JsonValue };
  /** A deterministic run id makes the start idempotent (webhook Idempotency-Key, queue retries). */
  runId?: string;
  startedBy: string | null;
  /** For a test run: the hash of the draft graph it runs, kept in flow_snapshots (snapshots.ts). */
  snapshot?: string;
  /** The tenant's outbound policy, when the caller read it already; otherwise the start reads it. */
  outbound?: OutboundPolicy;
}

export interface RunSummary {
  runId: string;
  flowId: string;
  version: number;
  status: RunStatus;
  startedAt: Date | null;
  closedAt: Date | null;
}

export interface RunDetail extends RunSummary {
  trigger: { kind: string; payload: unknown } | null;
  nodes: NodeRunState[];
  result?: unknown;
  error?: string;
}

/** What a run ran: a published version, or (version 0) the draft snapshot it was started on. */
export interface RunOrigin {
  flowId: string;
  version: number;
  /** null for published versions and for test runs started before snapshots were kept. */
  snapshot: string | null;
}

export interface RunFilter {
  flowId?: string;
  status?: RunStatus;
  from?: Date;
  to?: Date;
  pageSize: number;
  pageToken?: string;
}

export interface ScheduleSpec {
  cron?: string;
  intervalMs?: number;
  timezone?: string;
}

export interface RunGateway {
  start(input: StartRunInput): Promise<{ runId: string }>;
  list(
    tenantId: string,
    filter: RunFilter,
  ): Promise<{ runs: RunSummary[]; nextPageToken: string | null }>;
  /** undefined when the run does not exist or belongs to another tenant. */
  get(tenantId: string, runId: string): Promise<RunDetail | undefined>;
  /** undefined when the run does not exist or belongs to another tenant. */
  origin(tenantId: string, runId: string): Promise<RunOrigin | undefined>;
  /** The run's start input, for a re-run with the same payload. */
  startInput(tenantId: string, runId: string): Promise<StartRunInput | undefined>;
  /** Waits for the run's result; throws AppError TIMEOUT after `timeoutMs`. */
  result(tenantId: string, runId: string, timeoutMs: number): Promise<RunResult>;
  cancel(tenantId: string, runId: string): Promise<void>;
  upsertSchedule(input: {
    tenantId: string;
    flowId: string;
    version: number;
    definition: FlowDefinition;
    spec: ScheduleSpec;
    paused: boolean;
  }): Promise<void>;
  /**
   * A polling trigger's schedule: every `intervalMs`, one poll of the flow's trigger (the
   * runtime's POLL_TRIGGER_WORKFLOW). It takes the flow's one schedule id, so pausing or deleting
   * the flow's schedule stops it too.
   */
  upsertPollSchedule(input: {
    tenantId: string;
    flowId: string;
    version: number;
    intervalMs: number;
    paused: boolean;
  }): Promise<void>;
  pauseSchedule(tenantId: string, flowId: string, paused: boolean): Promise<void>;
  deleteSchedule(tenantId: string, flowId: string): Promise<void>;
  /** Runs that ended failed, across tenants: the runs_failed metric. */
  countFailed(): Promise<number>;
}
