// Whether an error means the database could not be reached (down, restarting, refusing
// connections), as opposed to a bug or a bad query: the client then gets 503 UNAVAILABLE and
// retries, and the pool reconnects by itself once PostgreSQL is back.
import { DriverException } from '@mikro-orm/core';

/** Socket errors of a connection that never opened or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
/**
 * SQLSTATE class 08 (connection exception), 57P01-57P03 (shut down by an administrator, crash,
 * still starting up) and 53300 (too many connections).
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;
/** What pg and its pool say when PostgreSQL goes away under an open connection or a pool wait. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DriverException) {
      const code = e.code ?? e.sqlState ?? '';
      if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code)) return true;
      if (UNAVAILABLE_MESSAGES.test(e.message)) return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
