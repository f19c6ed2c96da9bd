// An authorization in progress, between "Connect" and the provider's redirect back to
// /oauth/callback. The `state` parameter names it; Redis keeps it under the hash of that value for
// ten minutes and hands it out once (GETDEL), so a replayed or forged callback finds nothing. It is
// bound to the session that started it: a callback arriving in another browser is refused.
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

export const PENDING_GRANT_TTL_SECONDS = 600;

const PendingGrantSchema = z.object({
  tenantId: z.string(),
  userId: z.string(),
  sessionId: z.string(),
  type: z.string(),
  /** The auth method of the connection type that is being connected. */
  method: z.string(),
  /** The connection to reconnect, or undefined for a new one named `name`. */
  connectionId: z.string().optional(),
  name: z.string(),
  /** The form as typed (the tenant's own client id and secret when it brings its own app). */
  credentials: z.record(z.string(), z.unknown()),
  codeVerifier: z.string().optional(),
  redirectUri: z.string(),
});
export type PendingGrant = z.infer<typeof PendingGrantSchema>;

const keyOf = (state: string) =>
  `oauth:pending:${createHash('sha256').update(state).digest('base64url')}`;

/** base64url of 32 random bytes: the `state` and PKCE code verifier alike (RFC 7636 §4.1). */
export const randomValue = () => randomBytes(32).toString('base64url');

export const pkceChallenge = (verifier: string) =>
  createHash('sha256').update(verifier).digest('base64url');

export async function savePendingGrant(redis: Redis, grant: PendingGrant): Promise<string> {
  const state = randomValue();
  // The value holds the code verifier and maybe the tenant's own client secret: Redis is private
  // to the platform, and the entry lives ten minutes at most.
  await redis.set(keyOf(state), JSON.stringify(grant), 'EX', PENDING_GRANT_TTL_SECONDS);
  return state;
}

/** The grant `state` names, removed as it is read; undefined if unknown, used or expired. */
export async function takePendingGrant(
  redis: Redis,
  state: string,
): Promise<PendingGrant | undefined> {
  if (!/^[\w-]{16,200}$/.test(state)) return undefined;
  const stored = await redis.getdel(keyOf(state));
  if (stored === null) return undefined;
  const parsed = PendingGrantSchema.safeParse(JSON.parse(stored));
  return parsed.success ? parsed.data : undefined;
}
