// What an Idempotency-Key was first sent with. The key fixes the run id, so a replay gets the
// first run; a replay with another body would have that body silently dropped, so it is refused
// instead (422, as Stripe does). The fingerprint lives in Redis, shared by every server process,
// for as long as the key is honoured.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';

/** How long a key is remembered: Temporal keeps (and refuses to reuse) a closed run's id a day. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

/**
 * Records the request's fingerprint under its run id the first time, and refuses a later request
 * under the same id whose query or body differs.
 */
export async function ensureSameRequest(
  redis: Redis,
  runId: string,
  request: { query: string; body: Buffer },
): Promise<void> {
  const fingerprint = createHash('sha256')
    .update(request.query)
    .update('\n')
    .update(request.body)
    .digest('hex');
  // One round trip, atomic across processes: set unless present, and say what was there.
  const first = await redis
    .set(`idempotency:${runId}`, fingerprint, 'EX', IDEMPOTENCY_WINDOW_SECONDS, 'NX', 'GET')
    .catch(() => {
      throw new AppError('UNAVAILABLE', 'the idempotency store (Redis) did not answer');
    });
  if (first !== null && first !== fingerprint)
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'idempotency key reused with a different body; send a new Idempotency-Key for a new request',
    );
}
