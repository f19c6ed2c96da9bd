/*
 * What each role may do, as far as the editor needs to know to hide controls a user cannot use.
 * The server's permission matrix (server/PERMISSIONS.md) is the authority and refuses anything
 * else; this only keeps the interface honest about it.
 */
import { ROLE_GROUPS, type Role } from '@bizosaas/shared';

export { ROLES, type Role } from '@bizosaas/shared';

const member = (group: readonly Role[]) => (role: Role | undefined) =>
  role !== undefined && group.includes(role);

export const can = {
  /** Edit drafts, publish, test-run, manage connections. */
  build: member(ROLE_GROUPS.builders),
  /** Start published flows, cancel and re-run runs, test connections. */
  operate: member(ROLE_GROUPS.operators),
  /** Decide approval tasks in the inbox. */
  approve: member(ROLE_GROUPS.approvers),
  /** Invite members, change roles, read the audit log, change tenant settings. */
  manage: member(ROLE_GROUPS.managers),
};

export const ROLE_LABEL: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  builder: 'Builder',
  operator: 'Operator',
  approver: 'Approver',
  viewer: 'Viewer',
};
