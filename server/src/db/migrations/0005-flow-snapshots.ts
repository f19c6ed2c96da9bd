import { Migration } from '@mikro-orm/migrations';

/**
 * The exact draft graphs that test runs ran, addressed by their content hash: a past test run
 * shows what it ran even after the draft moved on, and re-running an unchanged draft adds nothing.
 */
export class FlowSnapshots extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE flow_snapshots (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        flow_id uuid NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        graph jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, flow_id, hash)
      )`);
    // A row is named by its content: changing it would make the name lie.
    this.addSql(`
      CREATE FUNCTION flow_snapshots_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'flow snapshots are immutable';
      END $$`);
    this.addSql(`
      CREATE TRIGGER flow_snapshots_no_update BEFORE UPDATE ON flow_snapshots
      FOR EACH ROW EXECUTE FUNCTION flow_snapshots_immutable()`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE flow_snapshots');
    this.addSql('DROP FUNCTION flow_snapshots_immutable');
  }
}
