// The roles a member holds in a tenant, and the groups the permission matrix grants procedures
// to. The server's matrix, the approval node's deciders and the editor's controls read these.

export const ROLES = ['owner', 'admin', 'builder', 'operator', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_GROUPS = {
  /** Invite members, change roles, read the audit log, change tenant settings. */
  managers: ['owner', 'admin'],
  /** Edit drafts, publish, test-run, manage connections. */
  builders: ['owner', 'admin', 'builder'],
  /** Start published flows, cancel and re-run runs, test connections. */
  operators: ['owner', 'admin', 'builder', 'operator'],
  /** Decide approval tasks (and so have an inbox). */
  approvers: ['owner', 'admin', 'approver'],
} as const satisfies Record<string, readonly Role[]>;
