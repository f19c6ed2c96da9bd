// Webhook secrets, read from OpenBao and cached briefly so a burst of calls costs one read.
// A rotated secret reaches every server process within CACHE_MS.
import { webhookSecretPath, type SecretStore } from '../secrets/vault.js';

const CACHE_MS = 10_000;

export function webhookSecretCache(secrets: SecretStore) {
  const cache = new Map<string, { secret: string | undefined; until: number }>();
  return async function secretOf(
    tenantId: string,
    endpointId: string,
  ): Promise<string | undefined> {
    const hit = cache.get(endpointId);
    if (hit && hit.until > Date.now()) return hit.secret;
    const stored = await secrets.read(webhookSecretPath(tenantId, endpointId));
    const secret = stored?.secret;
    cache.set(endpointId, { secret, until: Date.now() + CACHE_MS });
    return secret;
  };
}
