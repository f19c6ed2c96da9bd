// What the server and its clients agree on besides the router's types: the CSRF handshake
// (the server sets the cookie, readable by the page's scripts, which echo it in the header on
// every mutation) and the shapes of runs and node runs that the runtime reports.

export const CSRF_COOKIE = 'bz_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** A run's status as Temporal reports its execution, and as the API shows it. */
export type RunStatus =
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'terminated'
  | 'timed_out'
  | 'continued'
  | 'unknown';

/** The statuses a list of runs can be filtered by. */
export const RUN_FILTER_STATUSES = [
  'running',
  'completed',
  'failed',
  'cancelled',
  'terminated',
  'timed_out',
] as const satisfies readonly RunStatus[];

export type NodeStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped';

export interface NodeErrorInfo {
  code: string;
  message: string;
}

/** One node run: a node at the top level, or a node inside a loop at one iteration. */
export interface NodeRunState {
  /** `nodeId`, or `nodeId:i` / `nodeId:i.j` inside (nested) loops. */
  key: string;
  nodeId: string;
  name: string;
  iteration?: number[];
  status: NodeStatus;
  input?: unknown;
  output?: unknown;
  error?: NodeErrorInfo;
  /** Ports that fired, once the node is settled (also when an error was continued or routed). */
  ports?: string[];
  /** Position in the order node runs started (workflow timestamps tie within one task). */
  sequence?: number;
  startedAt?: string;
  finishedAt?: string;
  /** While `waiting`: what for, so a timer is not shown as an approval. */
  waitingFor?: WaitingFor;
  /** While waiting on a timer: when it fires (ISO 8601). */
  waitingUntil?: string;
}

/** What a waiting node run waits on: a person's decision, a timer, or a sub-flow's run. */
export type WaitingFor = 'approval' | 'timer' | 'sub_flow';
