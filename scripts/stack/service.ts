import type { StackContext } from './context.js';

/** One process of the local stack, as `up`, `down` and `status` see it. */
export interface Service {
  name: string;
  /** host:port (or URL) it answers on. */
  address(context: StackContext): string;
  /** The running process's PID, if it is running. */
  pid(context: StackContext): number | undefined;
  logFile(context: StackContext): string;
  /** Starts it (after checking that its port is free) and waits until it is ready. */
  start(context: StackContext): Promise<void>;
  stop(context: StackContext): Promise<void>;
}
