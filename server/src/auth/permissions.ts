// The permission matrix: every procedure of the API and who may call it. One table, read by the
// one middleware that authorizes every call (trpc/init.ts), by the generated authorization
// test, and rendered as server/PERMISSIONS.md (kept in sync by a test).
import { ROLE_GROUPS, ROLES, type Role } from '@bizosaas/shared';

/**
 * `public`: anyone, no session (sign-up, login, accepting an invite, the node catalog).
 * `signedIn`: any signed-in user, whatever their tenant (their own sessions, switching tenant).
 * A list of roles: a member of the caller's current tenant holding one of them.
 */
export type Access = 'public' | 'signedIn' | readonly Role[];

const ALL: readonly Role[] = ROLES;
const {
  managers: MANAGERS,
  builders: BUILDERS,
  operators: OPERATORS,
  approvers: APPROVERS,
} = ROLE_GROUPS;

export const PERMISSIONS = {
  'auth.signUp': 'public',
  'auth.login': 'public',
  'auth.acceptInvite': 'public',
  'auth.me': 'signedIn',
  'auth.logout': 'signedIn',
  'auth.switchTenant': 'signedIn',
  'sessions.list': 'signedIn',
  'sessions.revoke': 'signedIn',

  'tokens.list': ALL,
  'tokens.create': ALL,
  'tokens.revoke': ALL,

  'members.list': ALL,
  'members.invite': MANAGERS,
  'members.updateRole': MANAGERS,
  'members.remove': MANAGERS,
  'invites.list': MANAGERS,
  'invites.revoke': MANAGERS,

  'catalog.list': 'public',

  'flows.list': ALL,
  'flows.get': ALL,
  'flows.validate': ALL,
  'flows.versions': ALL,
  'flows.getVersion': ALL,
  'flows.diff': ALL,
  'flows.export': ALL,
  'flows.create': BUILDERS,
  'flows.saveDraft': BUILDERS,
  'flows.update': BUILDERS,
  'flows.publish': BUILDERS,
  'flows.restoreVersion': BUILDERS,
  'flows.duplicate': BUILDERS,
  'flows.archive': BUILDERS,
  'flows.unarchive': BUILDERS,
  'flows.import': BUILDERS,
  'flows.setActive': OPERATORS,

  'webhooks.get': ALL,
  'webhooks.vendorEndpoint': ALL,
  'webhooks.revealSecret': BUILDERS,
  'webhooks.rotateSecret': BUILDERS,

  'connections.list': ALL,
  'connections.get': ALL,
  'connections.catalog': ALL,
  'connections.create': BUILDERS,
  'connections.authorize': BUILDERS,
  'connections.update': BUILDERS,
  'connections.delete': BUILDERS,
  'connections.test': OPERATORS,
  'connections.options': BUILDERS,

  'runs.list': ALL,
  'runs.get': ALL,
  'runs.graph': ALL,
  'runs.agentTranscript': ALL,
  'runs.testRun': BUILDERS,
  'runs.testData': ALL,
  'runs.clearTestData': BUILDERS,
  'runs.start': OPERATORS,
  'runs.cancel': OPERATORS,
  'runs.rerun': OPERATORS,

  'audit.list': MANAGERS,

  'approvals.inbox': APPROVERS,
  'approvals.history': APPROVERS,
  'approvals.get': APPROVERS,
  'approvals.claim': APPROVERS,
  'approvals.release': APPROVERS,
  'approvals.delegate': APPROVERS,
  'approvals.decide': APPROVERS,
  'approvals.team': MANAGERS,

  // An agent acts on the connected systems (its writes wait for approval), so chatting is for
  // those who may start runs; each member sees only their own conversations.
  'chat.list': OPERATORS,
  'chat.get': OPERATORS,
  'chat.create': OPERATORS,
  'chat.send': OPERATORS,

  'settings.get': ALL,
  'settings.update': MANAGERS,

  'system.health': ALL,
} as const satisfies Record<string, Access>;

export type ProcedureName = keyof typeof PERMISSIONS;

export function accessOf(path: string): Access | undefined {
  return (PERMISSIONS as Record<string, Access>)[path];
}

/** Whether a caller with `role` in the current tenant may call `path` (false for unknown paths). */
export function allows(path: string, role: Role | null, signedIn: boolean): boolean {
  const access = accessOf(path);
  if (access === undefined) return false;
  if (access === 'public') return true;
  if (!signedIn) return false;
  if (access === 'signedIn') return true;
  return role !== null && access.includes(role);
}

/** The matrix as a markdown table: one row per procedure, one column per role. */
export function permissionsMarkdown(): string {
  const header = `| Procedure | ${ROLES.join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = (Object.entries(PERMISSIONS) as [string, Access][]).map(([path, access]) => {
    const cells = ROLES.map((role) =>
      access === 'public'
        ? 'public'
        : access === 'signedIn'
          ? 'any'
          : access.includes(role)
            ? '✓'
            : '',
    );
    return `| \`${path}\` | ${cells.join(' | ')} |`;
  });
  return [
    '# Permissions',
    '',
    'Generated from `server/src/auth/permissions.ts` (a test fails when this file is out of date).',
    '"public" needs no session; "any" needs a signed-in user, whatever their role; ✓ means a member',
    "with that role in the session's current tenant. Every call reads and writes only that tenant's data.",
    '',
    header,
    rule,
    ...rows,
    '',
  ].join('\n');
}
