// A process's CPU time and resident memory, read from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = 100; // Linux's USER_HZ: /proc reports CPU time in 1/100 s

function stat(pid: number): string[] | undefined {
  try {
    // Fields after "pid (comm) ": state ppid … utime(14) stime(15) in the man page's numbering.
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
  } catch {
    return undefined;
  }
}

/** User + system CPU time a process has used, in ms; 0 once it is gone. */
export function cpuMsOf(pid: number): number {
  const f = stat(pid);
  return f ? ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK : 0;
}

/** Resident set size in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** The process and its direct children (PostgreSQL's backends). */
export function withChildren(root: number): number[] {
  const pids = [root];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (pid && Number(stat(pid)?.[1]) === root) pids.push(pid);
  }
  return pids;
}
