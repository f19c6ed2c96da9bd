// The demo tenant and login that `npm run up` prints. Idempotent: a second run changes nothing.
import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MembershipEntity, TenantEntity, UserEntity } from './entities.js';

export const DEMO = {
  tenant: { slug: 'demo', name: 'Demo Company' },
  user: { email: 'demo@bizosaas.local', password: 'demo-password', displayName: 'Demo Owner' },
} as const;

export async function seedDemo(em: EntityManager): Promise<{ created: boolean }> {
  const existing = await em.findOne(TenantEntity, { slug: DEMO.tenant.slug });
  if (existing) return { created: false };
  await em.transactional(async (tx) => {
    const tenant = tx.create(TenantEntity, {
      id: randomUUID(),
      ...DEMO.tenant,
      createdAt: new Date(),
    });
    const user =
      (await tx.findOne(UserEntity, { email: DEMO.user.email })) ??
      tx.create(UserEntity, {
        id: randomUUID(),
        email: DEMO.user.email,
        displayName: DEMO.user.displayName,
        passwordHash: await argon2.hash(DEMO.user.password),
        createdAt: new Date(),
      });
    tx.create(MembershipEntity, { tenant, user, role: 'owner', createdAt: new Date() });
  });
  return { created: true };
}
