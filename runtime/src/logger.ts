import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The worker's JSON logger. Log ids, node names, durations and error codes only: never a
 * credential, a payload value or an error message that might quote one.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'bizosaas-worker' } }, destination);
}

export type { Logger };
