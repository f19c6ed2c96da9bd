// Pinned test data: the payload a flow's latest test run started with, and that run. Every query
// names the tenant.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonValue } from '@bizosaas/shared';

type Executor = Pick<EntityManager, 'execute'>;

export interface TestData {
  payload: JsonValue;
  /** The test run that last started with this payload: where the samples come from. */
  runId: string;
  pinnedBy: string | null;
  pinnedAt: Date;
}

/** Pins `payload` for the flow, with the test run it started, replacing what was pinned. */
export async function pinTestData(
  em: Executor,
  row: { tenantId: string; flowId: string; payload: JsonValue; runId: string; pinnedBy: string },
): Promise<void> {
  await em.execute(
    `INSERT INTO flow_test_data (tenant_id, flow_id, payload, run_id, pinned_by, pinned_at)
      VALUES (?, ?, ?::jsonb, ?, ?, now())
      ON CONFLICT (tenant_id, flow_id) DO UPDATE SET payload = excluded.payload,
        run_id = excluded.run_id, pinned_by = excluded.pinned_by, pinned_at = excluded.pinned_at`,
    [row.tenantId, row.flowId, JSON.stringify(row.payload), row.runId, row.pinnedBy],
  );
}

/** The flow's pinned test data, or null when none is pinned. */
export async function testDataOf(
  em: Executor,
  tenantId: string,
  flowId: string,
): Promise<TestData | null> {
  const rows = await em.execute<TestData[]>(
    `SELECT payload, run_id AS "runId", pinned_by AS "pinnedBy", pinned_at AS "pinnedAt"
      FROM flow_test_data WHERE tenant_id = ? AND flow_id = ?`,
    [tenantId, flowId],
  );
  return rows[0] ?? null;
}

/** Unpins the flow's test data; whether there was any. */
export async function clearTestData(
  em: Executor,
  tenantId: string,
  flowId: string,
): Promise<boolean> {
  const rows = await em.execute<{ flowId: string }[]>(
    `DELETE FROM flow_test_data WHERE tenant_id = ? AND flow_id = ? RETURNING flow_id AS "flowId"`,
    [tenantId, flowId],
  );
  return rows.length > 0;
}
