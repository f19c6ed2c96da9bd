/*
 * What each role may do, as far as the editor needs to know to hide controls a user cannot use.
 * The server's permission matrix (server/PERMISSIONS.md) is the authority and refuses anything
 * else; this only keeps the interface honest about it.
 */
export type Role = 'owner' | 'admin' | 'builder' | 'operator' | 'approver' | 'viewer';

export const ROLES: readonly Role[] = [
  'owner',
  'admin',
  'builder',
  'operator',
  'approver',
  'viewer',
];

const MANAGERS: readonly Role[] = ['owner', 'admin'];
const BUILDERS: readonly Role[] = ['owner', 'admin', 'builder'];
const OPERATORS: readonly Role[] = ['owner', 'admin', 'builder', 'operator'];
const APPROVERS: readonly Role[] = ['owner', 'admin', 'approver'];

export const can = {
  /** Edit drafts, publish, test-run, manage connections. */
  build: (role: Role | undefined) => role !== undefined && BUILDERS.includes(role),
  /** Start published flows, cancel and re-run runs, test connections. */
  operate: (role: Role | undefined) => role !== undefined && OPERATORS.includes(role),
  /** Decide approval tasks in the inbox. */
  approve: (role: Role | undefined) => role !== undefined && APPROVERS.includes(role),
  /** Invite members, change roles, read the audit log, change tenant settings. */
  manage: (role: Role | undefined) => role !== undefined && MANAGERS.includes(role),
};

export const ROLE_LABEL: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  builder: 'Builder',
  operator: 'Operator',
  approver: 'Approver',
  viewer: 'Viewer',
};
