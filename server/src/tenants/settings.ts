// A tenant's settings. For now: which internal addresses its flows may call (the SSRF guard is
// deny-by-default; an admin opens exact hosts, or private networks as a whole, deliberately).
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { OutboundPolicy } from '@bizosaas/nodes';
import { TenantEntity } from '../db/entities.js';

/** `host` or `host:port`, as the SSRF guard matches them: a name, an IPv4 or a bracketed IPv6. */
const allowedHost = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/,
    'a host name or IP address, optionally with :port',
  );

export const OutboundSettingsSchema = z
  .object({
    allowPrivateNetworks: z.boolean(),
    allowedHosts: z.array(allowedHost).max(50),
  })
  .strict();

export const TenantSettingsSchema = z.object({ outbound: OutboundSettingsSchema }).strict();
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

export const DEFAULT_SETTINGS: TenantSettings = {
  outbound: { allowPrivateNetworks: false, allowedHosts: [] },
};

/** Stored settings over the defaults; a stored value that no longer parses falls back safely. */
export function settingsOf(stored: unknown): TenantSettings {
  const parsed = TenantSettingsSchema.partial().safeParse(stored ?? {});
  return { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

export async function outboundPolicyOf(
  em: EntityManager,
  tenantId: string,
): Promise<OutboundPolicy> {
  const tenant = await em.findOne(TenantEntity, { id: tenantId }, { fields: ['settings'] });
  return settingsOf(tenant?.settings).outbound;
}
