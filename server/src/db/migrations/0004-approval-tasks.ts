import { Migration } from '@mikro-orm/migrations';

/** Approval tasks, the decisions on them and their delegations: what the inbox reads. */
export class ApprovalTasks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE approval_tasks (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        flow_id uuid NOT NULL,
        flow_version integer NOT NULL,
        run_id text NOT NULL,
        workflow_id text NOT NULL,
        node_id text NOT NULL,
        node_key text NOT NULL,
        node_name text NOT NULL,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        form jsonb NOT NULL DEFAULT '[]'::jsonb,
        required integer NOT NULL CHECK (required >= 1),
        assignees uuid[] NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'approved', 'rejected', 'timeout', 'cancelled')),
        due_at timestamptz,
        claimed_by uuid REFERENCES users (id) ON DELETE SET NULL,
        claimed_at timestamptz,
        decided_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    this.addSql(
      "CREATE INDEX approval_tasks_open ON approval_tasks (tenant_id, due_at) WHERE status = 'pending'",
    );
    this.addSql('CREATE INDEX approval_tasks_assignees ON approval_tasks USING gin (assignees)');
    this.addSql(`
      CREATE TABLE approval_decisions (
        task_id uuid NOT NULL REFERENCES approval_tasks (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        decision text NOT NULL CHECK (decision IN ('approve', 'reject')),
        comment text,
        form jsonb NOT NULL DEFAULT '{}'::jsonb,
        decided_at timestamptz NOT NULL,
        PRIMARY KEY (task_id, user_id)
      )`);
    this.addSql(
      'CREATE INDEX approval_decisions_user ON approval_decisions (tenant_id, user_id, decided_at DESC)',
    );
    this.addSql(`
      CREATE TABLE approval_delegations (
        id uuid PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES approval_tasks (id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        from_user uuid NOT NULL,
        to_user uuid NOT NULL,
        comment text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    this.addSql(
      'CREATE INDEX approval_delegations_from ON approval_delegations (tenant_id, from_user, created_at DESC)',
    );
    this.addSql('CREATE INDEX approval_delegations_task ON approval_delegations (task_id)');
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE approval_delegations');
    this.addSql('DROP TABLE approval_decisions');
    this.addSql('DROP TABLE approval_tasks');
  }
}
