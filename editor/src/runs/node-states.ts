import type { NodeRunState, NodeStatus } from '@bizosaas/shared';
import { RUN_STATUS_LABEL } from '../canvas/model/run-status';

/**
 * One node run as `runs.get` reports it (a node inside a loop reports once per iteration). A status
 * that a newer runtime adds is shown as it comes but not painted.
 */
export type NodeRun = Pick<
  NodeRunState,
  | 'nodeId'
  | 'input'
  | 'output'
  | 'error'
  | 'startedAt'
  | 'finishedAt'
  | 'iteration'
  | 'waitingFor'
  | 'waitingUntil'
> & { status: string };

const isNodeStatus = (status: string): status is NodeStatus => status in RUN_STATUS_LABEL;
// A node that ran many times (in a loop) shows the state that most needs attention.
const PRIORITY: NodeStatus[] = ['failed', 'running', 'waiting', 'pending', 'succeeded', 'skipped'];

/** Each node's state to paint on the canvas. */
export function statusByNode(runs: readonly NodeRun[]): Map<string, NodeStatus> {
  const seen = new Map<string, Set<NodeStatus>>();
  for (const run of runs) {
    if (!isNodeStatus(run.status)) continue;
    const set = seen.get(run.nodeId) ?? new Set();
    set.add(run.status);
    seen.set(run.nodeId, set);
  }
  const out = new Map<string, NodeStatus>();
  for (const [nodeId, set] of seen)
    out.set(
      nodeId,
      PRIORITY.find((s) => set.has(s))!,
    );
  return out;
}

export interface TimelineBar {
  nodeId: string;
  label: string;
  status: string;
  /** Offsets from the run's first start, in ms; `end` is `now` for a node still running. */
  start: number;
  end: number;
}

/** Bars for the run timeline, in start order; node runs that never started are left out. */
export function timeline(
  runs: readonly NodeRun[],
  names: ReadonlyMap<string, string>,
  now: number,
): { bars: TimelineBar[]; total: number } {
  const started = runs.filter((r) => r.startedAt);
  if (started.length === 0) return { bars: [], total: 0 };
  const origin = Math.min(...started.map((r) => Date.parse(r.startedAt!)));
  const bars = started
    .map((r) => {
      const label = names.get(r.nodeId) ?? r.nodeId;
      return {
        nodeId: r.nodeId,
        label: r.iteration?.length ? `${label} [${r.iteration.join('.')}]` : label,
        status: r.status,
        start: Date.parse(r.startedAt!) - origin,
        end: (r.finishedAt ? Date.parse(r.finishedAt) : now) - origin,
      };
    })
    .sort((a, b) => a.start - b.start);
  return { bars, total: Math.max(1, ...bars.map((b) => b.end)) };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * A node run's state in words. A waiting run says what it waits on: a timer says until when
 * (with the date once it is not today), so a Delay never reads as an approval.
 */
export function nodeRunLabel(
  run: Pick<NodeRun, 'status' | 'waitingFor' | 'waitingUntil'>,
  now = new Date(),
): string {
  if (run.status !== 'waiting') return RUN_STATUS_LABEL[run.status as NodeStatus] ?? run.status;
  if (run.waitingFor === 'timer' && run.waitingUntil) {
    const until = new Date(run.waitingUntil);
    const sameDay = until.toDateString() === now.toDateString();
    return `Waiting until ${sameDay ? until.toLocaleTimeString() : until.toLocaleString()}`;
  }
  if (run.waitingFor === 'approval') return 'Waiting for approval';
  if (run.waitingFor === 'sub_flow') return 'Waiting for the sub-flow';
  return RUN_STATUS_LABEL.waiting;
}
