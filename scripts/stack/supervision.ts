// How `up`, `down` and `status` talk to a stack's supervisor (supervisor.ts): through two small
// JSON files under <data>/supervisor/. The CLI alone writes desired.json (which services to keep
// running, each with the id of its latest start request); the supervisor alone writes
// state.json (what each service is doing, its restarts and its last exit).
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackContext } from './context.js';
import { ensureDir, readPidFile, removeFile, startDetached, StackError } from './processes.js';

/** How a process ended; both null when it was not the supervisor's child (status unknown). */
export interface ExitRecord {
  code: number | null;
  signal: string | null;
  at: string;
}

export interface ServiceState {
  state: 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';
  pid?: number;
  /** Restarts since the supervisor started (not counting starts `up` asked for). */
  restarts: number;
  lastExit?: ExitRecord;
  /** Why the last start failed. */
  error?: { message: string; hint?: string };
  /** When the next restart is due, while restarting. */
  nextStartAt?: string;
  /** The start request (from desired.json) this state answers. */
  request?: string;
}

export interface SupervisorState {
  pid: number;
  services: Record<string, ServiceState>;
}

/** Service name → id of the latest start request `up` made for it. */
export type Desired = Record<string, string>;

/** Restart delays double from 1 s to at most 30 s, and start again at 1 s after a stable run. */
export const BACKOFF = { firstMs: 1_000, maxMs: 30_000, stableMs: 60_000 } as const;

/** The delay before restart number `attempt` (1-based) of a process that keeps failing. */
export function restartDelayMs(attempt: number): number {
  return Math.min(BACKOFF.firstMs * 2 ** (Math.max(attempt, 1) - 1), BACKOFF.maxMs);
}

export const supervisorFiles = (context: StackContext) => {
  const dir = join(context.dataDir, 'supervisor');
  return {
    dir,
    desired: join(dir, 'desired.json'),
    state: join(dir, 'state.json'),
    pid: join(context.pidDir, 'supervisor.pid'),
    log: join(context.logDir, 'supervisor.log'),
  };
};

function readJson<T>(file: string, fallback: T): T {
  if (!existsSync(file)) return fallback;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // Written by rename, so never half-written; unreadable only if edited by hand.
    return fallback;
  }
}

/** Replaces a file in one step, so a reader never sees it half-written. */
export function writeJson(file: string, value: unknown): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temporary, file);
}

export const readDesired = (context: StackContext): Desired =>
  readJson(supervisorFiles(context).desired, {});

export const readSupervisorState = (context: StackContext): SupervisorState | undefined =>
  readJson<SupervisorState | undefined>(supervisorFiles(context).state, undefined);

export const supervisorPid = (context: StackContext): number | undefined =>
  readPidFile(supervisorFiles(context).pid);

/** Starts the stack's supervisor unless it runs already; a new one starts with nothing to do. */
export function ensureSupervisor(context: StackContext): void {
  if (supervisorPid(context) !== undefined) return;
  const files = supervisorFiles(context);
  ensureDir(files.dir);
  removeFile(files.desired);
  removeFile(files.state);
  startDetached(process.execPath, ['--import', 'tsx', 'scripts/stack/supervisor.ts'], {
    pidFile: files.pid,
    logFile: files.log,
    env: context.childEnv,
    cwd: context.root,
  });
}

/**
 * Asks the supervisor to keep a service running (starting it if it is not) and waits for the
 * answer: the service ready, or why its start failed.
 */
export async function requestService(context: StackContext, name: string): Promise<ServiceState> {
  ensureSupervisor(context);
  const files = supervisorFiles(context);
  const request = randomUUID();
  writeJson(files.desired, { ...readDesired(context), [name]: request });
  for (;;) {
    const state = readSupervisorState(context)?.services[name];
    if (state?.request === request && state.state === 'running') return state;
    if (state?.request === request && state.state === 'failed') {
      throw new StackError(
        state.error?.message ?? `${name} did not start`,
        state.error?.hint ?? `see ${files.log}`,
      );
    }
    if (supervisorPid(context) === undefined) {
      throw new StackError('the stack supervisor exited', `see its log: ${files.log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** "killed by SIGKILL" or "exited with code 1", as the log and `status` say it. */
export function describeExit(exit: ExitRecord): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  if (exit.code !== null) return `exited with code ${exit.code}`;
  return 'gone (its exit status is in its own log: the supervisor is not its parent)';
}
