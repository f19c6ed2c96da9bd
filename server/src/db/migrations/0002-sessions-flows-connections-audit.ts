import { Migration } from '@mikro-orm/migrations';

export class SessionsFlowsConnectionsAudit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        tenant_id uuid REFERENCES tenants (id) ON DELETE SET NULL,
        csrf_token text NOT NULL,
        user_agent text NOT NULL,
        ip text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    this.addSql('CREATE INDEX sessions_user_id ON sessions (user_id)');
    this.addSql(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz
      )`);
    this.addSql('CREATE INDEX api_tokens_tenant_user ON api_tokens (tenant_id, user_id)');
    this.addSql(`
      CREATE TABLE invites (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'builder', 'operator', 'approver', 'viewer')),
        token_hash text NOT NULL UNIQUE,
        invited_by uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        revoked_at timestamptz
      )`);
    this.addSql('CREATE INDEX invites_tenant_id ON invites (tenant_id)');
    this.addSql(`
      CREATE TABLE flows (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        tags text[] NOT NULL DEFAULT '{}',
        draft jsonb NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        published_version integer,
        active boolean NOT NULL DEFAULT false,
        archived_at timestamptz,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    this.addSql('CREATE INDEX flows_tenant_updated ON flows (tenant_id, updated_at DESC)');
    this.addSql('CREATE INDEX flows_tags ON flows USING gin (tags)');
    this.addSql(`
      CREATE TABLE flow_versions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        flow_id uuid NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        graph jsonb NOT NULL,
        definition jsonb NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (flow_id, version)
      )`);
    // A published version is what running workflows execute: the database itself refuses edits.
    this.addSql(`
      CREATE FUNCTION flow_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'flow versions are immutable';
      END $$`);
    this.addSql(`
      CREATE TRIGGER flow_versions_no_update BEFORE UPDATE ON flow_versions
      FOR EACH ROW EXECUTE FUNCTION flow_versions_immutable()`);
    this.addSql(`
      CREATE TABLE connections (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text NOT NULL,
        type text NOT NULL,
        status text NOT NULL CHECK (status IN ('untested', 'ok', 'failed')),
        scopes text[] NOT NULL DEFAULT '{}',
        config jsonb NOT NULL DEFAULT '{}',
        secret_keys text[] NOT NULL DEFAULT '{}',
        last_tested_at timestamptz,
        last_test_error text,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, name)
      )`);
    this.addSql(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        actor_type text NOT NULL,
        actor_id text,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text,
        data jsonb NOT NULL DEFAULT '{}',
        request_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    this.addSql(
      'CREATE INDEX audit_events_tenant_time ON audit_events (tenant_id, created_at DESC, id)',
    );
    this.addSql(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        flow_id uuid NOT NULL UNIQUE REFERENCES flows (id) ON DELETE CASCADE,
        path text NOT NULL,
        method text NOT NULL,
        auth_mode text NOT NULL CHECK (auth_mode IN ('header', 'hmac')),
        response_mode text NOT NULL CHECK (response_mode IN ('async', 'sync')),
        timeout_ms integer NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, path)
      )`);
  }

  override async down(): Promise<void> {
    for (const table of [
      'webhook_endpoints',
      'audit_events',
      'connections',
      'flow_versions',
      'flows',
      'invites',
      'api_tokens',
      'sessions',
    ])
      this.addSql(`DROP TABLE ${table}`);
    this.addSql('DROP FUNCTION flow_versions_immutable');
  }
}
