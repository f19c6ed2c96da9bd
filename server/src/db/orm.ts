// MikroORM over PostgreSQL. Migrations are listed in code (not discovered on disk) so the same
// list runs from source under tsx and from a bundle.
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '@bizosaas/shared/config';
import { ENTITIES } from './entities.js';
import { TenantsUsersMemberships } from './migrations/0001-tenants-users-memberships.js';
import { SessionsFlowsConnectionsAudit } from './migrations/0002-sessions-flows-connections-audit.js';
import { TenantSettings } from './migrations/0003-tenant-settings.js';
import { ApprovalTasks } from './migrations/0004-approval-tasks.js';
import { FlowSnapshots } from './migrations/0005-flow-snapshots.js';
import { ConnectionHealth } from './migrations/0006-connection-health.js';
import { AgentDecisions } from './migrations/0007-agent-decisions.js';
import { AgentChat } from './migrations/0008-agent-chat.js';
import { FlowTestData } from './migrations/0009-flow-test-data.js';

export const MIGRATIONS = [
  { name: '0001-tenants-users-memberships', class: TenantsUsersMemberships },
  { name: '0002-sessions-flows-connections-audit', class: SessionsFlowsConnectionsAudit },
  { name: '0003-tenant-settings', class: TenantSettings },
  { name: '0004-approval-tasks', class: ApprovalTasks },
  { name: '0005-flow-snapshots', class: FlowSnapshots },
  { name: '0006-connection-health', class: ConnectionHealth },
  { name: '0007-agent-decisions', class: AgentDecisions },
  { name: '0008-agent-chat', class: AgentChat },
  { name: '0009-flow-test-data', class: FlowTestData },
];

export function openOrm(config: Config): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: config.DATABASE_URL,
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    discovery: { warnWhenNoEntities: false },
    debug: false,
  });
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
