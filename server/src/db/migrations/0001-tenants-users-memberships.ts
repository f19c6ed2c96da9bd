import { Migration } from '@mikro-orm/migrations';

export class TenantsUsersMemberships extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    this.addSql(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        display_name text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    this.addSql(`
      CREATE TABLE memberships (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'builder', 'operator', 'approver', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, user_id)
      )`);
    this.addSql('CREATE INDEX memberships_user_id ON memberships (user_id)');
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE memberships');
    this.addSql('DROP TABLE users');
    this.addSql('DROP TABLE tenants');
  }
}
