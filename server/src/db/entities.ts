// Platform data only: tenants, people and who may do what where. Business data stays in the
// tenants' own systems. The issues that need more entities add them here, with a migration.
import { EntitySchema } from '@mikro-orm/core';

export const ROLES = ['owner', 'admin', 'builder', 'operator', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  createdAt: Date;
}

export interface Membership {
  tenant: Tenant;
  user: User;
  role: Role;
  createdAt: Date;
}

export const TenantEntity = new EntitySchema<Tenant>({
  name: 'Tenant',
  tableName: 'tenants',
  properties: {
    id: { type: 'uuid', primary: true },
    slug: { type: 'string', unique: true },
    name: { type: 'string' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  properties: {
    id: { type: 'uuid', primary: true },
    email: { type: 'string', unique: true },
    displayName: { type: 'string' },
    passwordHash: { type: 'string', hidden: true, lazy: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export const MembershipEntity = new EntitySchema<Membership>({
  name: 'Membership',
  tableName: 'memberships',
  properties: {
    tenant: { kind: 'm:1', entity: () => TenantEntity, primary: true },
    user: { kind: 'm:1', entity: () => UserEntity, primary: true },
    role: { type: 'string' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export const ENTITIES = [TenantEntity, UserEntity, MembershipEntity];
