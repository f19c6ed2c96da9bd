// Starting, finding and stopping the local stack's processes by recorded PID.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

export class StackError extends Error {
  override name = 'StackError';
  constructor(
    message: string,
    /** What the user can do about it. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A service's process is gone while we wait for it: waiting longer would not help. */
export class ProcessExitedError extends StackError {
  override name = 'ProcessExitedError';
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readPidFile(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

export function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The process listening on a TCP port, as `ss` reports it ("redis-server, pid 123"), if any. */
export function portOwner(port: number): string | undefined {
  const result = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(result.stdout ?? '');
  if (match) return `${match[1]}, pid ${match[2]}`;
  return result.stdout?.trim() ? 'another process' : undefined;
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  { timeoutMs = 60_000, logFile }: { timeoutMs?: number; logFile?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await check().catch((error: unknown) => {
      if (error instanceof ProcessExitedError) throw error;
      return false;
    });
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new StackError(
    `${what} did not become ready within ${Math.round(timeoutMs / 1000)} s`,
    logFile ? `see its log: ${logFile}` : undefined,
  );
}

/**
 * Starts a long-running process detached from this one (in its own session, so it outlives the
 * process that started it), with its output appended to a log file and its PID recorded for
 * `down` and `status`. The parent still hears of its exit (the supervisor relies on that) but is
 * not kept alive by it.
 */
export function startDetached(
  command: string,
  args: string[],
  { pidFile, logFile, ...options }: { pidFile: string; logFile: string } & SpawnOptions,
): ChildProcess & { pid: number } {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new StackError(`could not start ${command}`);
  child.unref();
  writeFileSync(pidFile, `${child.pid}\n`);
  return child as ChildProcess & { pid: number };
}

/** SIGTERM, then SIGKILL if the process is still there after the grace period. */
export async function stopPid(pid: number, graceMs = 15_000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

export function run(command: string, args: string[], options: SpawnOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw new StackError(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stderr ?? ''}${result.stdout ?? ''}`
      .trim()
      .split('\n')
      .slice(-5)
      .join('\n');
    throw new StackError(`${command} ${args[0] ?? ''} failed (exit ${result.status}):\n${output}`);
  }
  return String(result.stdout ?? '');
}

export function ensureDir(...parts: string[]): string {
  const dir = join(...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeFile(file: string): void {
  rmSync(file, { force: true });
}
