import { Migration } from '@mikro-orm/migrations';

/**
 * The agent chat: a member's conversations with a persona (or the coordinator that routes to
 * one), each turn a Temporal workflow, and the transcript its steps append to.
 */
export class AgentChat extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE chat_conversations (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        persona text NOT NULL,
        title text NOT NULL,
        connection_id uuid REFERENCES connections (id) ON DELETE SET NULL,
        model text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    this.addSql(
      'CREATE INDEX chat_conversations_user ON chat_conversations (tenant_id, user_id, updated_at DESC)',
    );
    this.addSql(`
      CREATE TABLE chat_turns (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
        workflow_id text NOT NULL,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    // At most one turn of a conversation runs at a time.
    this.addSql(
      "CREATE UNIQUE INDEX chat_turns_running ON chat_turns (conversation_id) WHERE status = 'running'",
    );
    this.addSql(`
      CREATE TABLE chat_messages (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
        turn_id uuid NOT NULL,
        kind text NOT NULL
          CHECK (kind IN ('user', 'route', 'step', 'approval', 'answer', 'error')),
        persona text,
        content text NOT NULL DEFAULT '',
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    this.addSql('CREATE INDEX chat_messages_conversation ON chat_messages (conversation_id, seq)');
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE chat_messages');
    this.addSql('DROP TABLE chat_turns');
    this.addSql('DROP TABLE chat_conversations');
  }
}
