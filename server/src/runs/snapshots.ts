// The draft graph a test run ran, kept by content hash so the run can be shown on it later (a
// published run has its immutable version instead). Re-running an unchanged draft stores nothing.
import type { EntityManager } from '@mikro-orm/postgresql';
import { contentHash } from '@bizosaas/shared';
import { FlowSnapshotEntity } from '../db/entities.js';

/** Stores `graph` unless an identical one is already kept for the flow; returns its hash. */
export async function saveSnapshot(
  em: EntityManager,
  tenantId: string,
  flowId: string,
  graph: unknown,
): Promise<string> {
  const hash = contentHash(graph);
  await em
    .createQueryBuilder(FlowSnapshotEntity)
    .insert({ tenantId, flowId, hash, graph, createdAt: new Date() })
    .onConflict(['tenantId', 'flowId', 'hash'])
    .ignore()
    .execute();
  return hash;
}

/** The kept graph, or undefined when the tenant holds no such snapshot of the flow. */
export async function loadSnapshot(
  em: EntityManager,
  tenantId: string,
  flowId: string,
  hash: string,
): Promise<unknown> {
  const row = await em.findOne(
    FlowSnapshotEntity,
    { tenantId, flowId, hash },
    { fields: ['graph'] },
  );
  return row?.graph;
}
