import { Migration } from '@mikro-orm/migrations';

/**
 * The agent decision log: one row per agent step (a model call and the tool calls it asked for),
 * written by the platform worker while the run goes on, read as the run's transcript. Rows are
 * facts about a past run and are never updated; a retried write of the same step is ignored.
 */
export class AgentDecisions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE agent_decisions (
        id text PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        flow_id text NOT NULL,
        run_id text NOT NULL,
        node_key text NOT NULL,
        node_name text NOT NULL,
        step integer NOT NULL CHECK (step >= 1),
        prompt_hash text NOT NULL CHECK (prompt_hash ~ '^[0-9a-f]{64}$'),
        messages jsonb NOT NULL,
        response jsonb NOT NULL,
        tools jsonb NOT NULL DEFAULT '[]'::jsonb,
        input_tokens integer NOT NULL,
        output_tokens integer NOT NULL,
        cost_usd double precision NOT NULL,
        latency_ms integer NOT NULL,
        model text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    this.addSql(
      'CREATE INDEX agent_decisions_run ON agent_decisions (tenant_id, run_id, node_key, step)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE agent_decisions');
  }
}
