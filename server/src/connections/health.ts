// A connection that needs a person: the vendor refused its credentials, or revoked its OAuth
// grant. The row says so (status, last error) and the tenant's owners and admins get one email
// per incident with a link to the connection, so a flow does not fail for days unnoticed.
import type { EntityManager } from '@mikro-orm/postgresql';
import { ROLE_GROUPS } from '@bizosaas/shared';
import { ConnectionEntity, MembershipEntity, type Connection } from '../db/entities.js';
import type { Notifier } from '../notifications/notifier.js';

export interface HealthDeps {
  notifier: Notifier;
  publicUrl: string;
}

/** Marks the connection and, if it was not already marked, tells the admins. */
export async function markNeedsAttention(
  em: EntityManager,
  deps: HealthDeps,
  connection: Pick<Connection, 'id' | 'tenantId' | 'name'>,
  error: string,
  at = new Date(),
): Promise<void> {
  // Only the transition notifies: a refresher retrying a dead grant stays quiet.
  const changed = await em.nativeUpdate(
    ConnectionEntity,
    { id: connection.id, tenantId: connection.tenantId, status: { $ne: 'needs_attention' } },
    { status: 'needs_attention', lastError: error, lastErrorAt: at, updatedAt: at },
  );
  if (changed === 0) {
    await em.nativeUpdate(
      ConnectionEntity,
      { id: connection.id, tenantId: connection.tenantId },
      { lastError: error, lastErrorAt: at },
    );
    return;
  }
  const admins = await em.find(
    MembershipEntity,
    { tenant: connection.tenantId, role: { $in: [...ROLE_GROUPS.managers] } },
    { populate: ['user'] },
  );
  const to = admins.map((m) => m.user.email);
  if (to.length === 0) return;
  await deps.notifier.enqueue({
    id: `connection-attention-${connection.id}-${at.getTime()}`,
    channel: 'email',
    tenantId: connection.tenantId,
    to,
    subject: `Connection "${connection.name}" needs attention`,
    text: `The connection "${connection.name}" stopped working: ${error}\nFlows that use it fail until it is connected again.`,
    link: `${deps.publicUrl}/connections?focus=${connection.id}`,
  });
}
