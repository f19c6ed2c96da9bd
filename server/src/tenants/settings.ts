// A tenant's settings: which internal addresses its flows may call (the SSRF guard is
// deny-by-default; an admin opens exact hosts, or private networks as a whole, deliberately), and
// where approval notifications go besides each approver's email.
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { OutboundPolicy } from '@bizosaas/nodes';

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

export const NotificationSettingsSchema = z
  .object({
    /** A `slack_webhook` connection: approval requests are posted to its channel. */
    slackConnectionId: z.uuid().nullable(),
  })
  .strict();

export const TenantSettingsSchema = z
  .object({ outbound: OutboundSettingsSchema, notifications: NotificationSettingsSchema })
  .strict();
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

export const DEFAULT_SETTINGS: TenantSettings = {
  outbound: { allowPrivateNetworks: false, allowedHosts: [] },
  notifications: { slackConnectionId: null },
};

/** Stored settings over the defaults; a section that no longer parses falls back safely. */
export function settingsOf(stored: unknown): TenantSettings {
  const sections = (stored ?? {}) as Record<string, unknown>;
  const outbound = OutboundSettingsSchema.safeParse(sections.outbound);
  const notifications = NotificationSettingsSchema.safeParse(sections.notifications);
  return {
    outbound: outbound.success ? outbound.data : DEFAULT_SETTINGS.outbound,
    notifications: notifications.success ? notifications.data : DEFAULT_SETTINGS.notifications,
  };
}

export async function outboundPolicyOf(
  em: EntityManager,
  tenantId: string,
): Promise<OutboundPolicy> {
  return (await settingsFor(em, tenantId)).outbound;
}

export async function settingsFor(em: EntityManager, tenantId: string): Promise<TenantSettings> {
  // A plain read, no entity: every run start reads the tenant's outbound policy here.
  const [tenant] = await em
    .getConnection()
    .execute<{ settings: unknown }[]>('SELECT settings FROM tenants WHERE id = ?', [tenantId]);
  return settingsOf(tenant?.settings);
}
