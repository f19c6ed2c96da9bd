// Names for the ids an audit page mentions, so the log reads "Ada Lovelace published Lead intake"
// rather than two uuids: the people (as actors, targets, or values such as `claimedBy`), and
// the flows, connections, API tokens and approval tasks the events are about. Looked up in one
// query per kind for the whole page, within the caller's tenant only.
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ApiTokenEntity,
  ConnectionEntity,
  FlowEntity,
  UserEntity,
  type AuditEvent,
} from '../db/entities.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditNames {
  /** People by user id: whoever acted, was acted on, or is named in an event's data. */
  people: Record<string, { name: string; email: string }>;
  /** What each event is about, by `${targetType}:${targetId}`, when it still exists. */
  targets: Record<string, string>;
  /** API tokens that acted, by token id: the token's name and whose it is. */
  tokens: Record<string, { name: string; ownerId: string }>;
}

/** Every uuid among an event's data values, one level into lists and objects. */
function idsIn(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string' && UUID.test(value)) out.push(value);
    else if (depth > 0 && Array.isArray(value)) for (const v of value) visit(v, depth - 1);
    else if (depth > 0 && typeof value === 'object' && value !== null)
      for (const v of Object.values(value)) visit(v, depth - 1);
  };
  visit(data, 2);
  return out;
}

export async function auditNames(
  em: EntityManager,
  tenantId: string,
  events: readonly AuditEvent[],
): Promise<AuditNames> {
  const ids = (type: string) =>
    [...new Set(events.filter((e) => e.targetType === type).map((e) => e.targetId))].filter(
      (id): id is string => typeof id === 'string' && UUID.test(id),
    );
  const tokenIds = [
    ...new Set(events.filter((e) => e.actorType === 'token' && e.actorId).map((e) => e.actorId!)),
  ];
  const [flows, connections, tokens, tasks] = await Promise.all([
    em.find(FlowEntity, { tenantId, id: { $in: ids('flow') } }, { fields: ['id', 'name'] }),
    em.find(
      ConnectionEntity,
      { tenantId, id: { $in: ids('connection') } },
      { fields: ['id', 'name'] },
    ),
    em.find(
      ApiTokenEntity,
      { tenantId, id: { $in: tokenIds.filter((id) => UUID.test(id)) } },
      { fields: ['id', 'name', 'userId'] },
    ),
    ids('approval_task').length === 0
      ? []
      : em
          .getConnection()
          .execute<{ id: string; title: string }[]>(
            'SELECT id, title FROM approval_tasks WHERE tenant_id = ? AND id = ANY(?::uuid[])',
            [tenantId, `{${ids('approval_task').join(',')}}`],
          ),
  ]);
  const userIds = new Set<string>();
  for (const e of events) {
    if (e.actorType === 'user' && e.actorId) userIds.add(e.actorId);
    if (e.targetType === 'user' && e.targetId) userIds.add(e.targetId);
    for (const id of idsIn(e.data)) userIds.add(id);
  }
  for (const t of tokens) userIds.add(t.userId);
  const users = await em.find(
    UserEntity,
    { id: { $in: [...userIds].filter((id) => UUID.test(id)) } },
    { fields: ['id', 'displayName', 'email'] },
  );
  const targets: Record<string, string> = {};
  for (const f of flows) targets[`flow:${f.id}`] = f.name;
  for (const c of connections) targets[`connection:${c.id}`] = c.name;
  for (const t of tasks) targets[`approval_task:${t.id}`] = t.title;
  return {
    people: Object.fromEntries(users.map((u) => [u.id, { name: u.displayName, email: u.email }])),
    targets,
    tokens: Object.fromEntries(tokens.map((t) => [t.id, { name: t.name, ownerId: t.userId }])),
  };
}
