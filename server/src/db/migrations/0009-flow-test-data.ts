import { Migration } from '@mikro-orm/migrations';

/**
 * Pinned test data: the payload of a flow's latest test run and that run's id, so the Test run
 * dialog opens on it and the inspector shows each node's sample input and output from that run.
 * One row per flow; each test run replaces it.
 */
export class FlowTestData extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE flow_test_data (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        flow_id uuid NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
        payload jsonb NOT NULL,
        run_id text NOT NULL,
        pinned_by uuid REFERENCES users (id) ON DELETE SET NULL,
        pinned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, flow_id)
      )`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE flow_test_data');
  }
}
