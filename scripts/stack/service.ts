import type { ChildProcess } from 'node:child_process';
import { hostPort } from '@bizosaas/shared/config';
import type { StackContext } from './context.js';
import { portOwner, StackError } from './processes.js';

/** One process of the local stack, as `up`, `down` and `status` see it. */
export interface Service {
  name: string;
  /** host:port (or URL) it answers on. */
  address(context: StackContext): string;
  /** The running process's PID, if it is running. */
  pid(context: StackContext): number | undefined;
  logFile(context: StackContext): string;
  /**
   * Starts it and waits until it is ready; callers check its port first (`ensurePortFree`).
   * `spawned` is told of the process as soon as it exists, when this process is its parent
   * (PostgreSQL's postmaster is pg_ctl's child, so it never is).
   */
  start(context: StackContext, spawned?: (child: ChildProcess) => void): Promise<void>;
  stop(context: StackContext): Promise<void>;
}

/** Refuses to start a service whose port another process holds, naming that process. */
export function ensurePortFree(service: Service, context: StackContext): void {
  const { port } = hostPort(service.address(context));
  const owner = portOwner(port);
  if (owner) {
    throw new StackError(
      `port ${port}, which ${service.name} needs, is taken by ${owner}`,
      `stop that process, or give ${service.name} another port (see "Configuration" in the README)`,
    );
  }
}
