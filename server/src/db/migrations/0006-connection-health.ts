import { Migration } from '@mikro-orm/migrations';

/**
 * Connections say how they are doing, not only whether a test passed: the auth method they use,
 * `needs_attention` (a test the vendor refused, a revoked OAuth grant) instead of `failed`, the
 * last error whatever raised it, and when an OAuth access token expires (no token, only the time),
 * so the refresher finds the grants due without reading OpenBao.
 */
export class ConnectionHealth extends Migration {
  override async up(): Promise<void> {
    this.addSql(`ALTER TABLE connections DROP CONSTRAINT connections_status_check`);
    this.addSql(`UPDATE connections SET status = 'needs_attention' WHERE status = 'failed'`);
    this.addSql(`
      ALTER TABLE connections
        ADD CONSTRAINT connections_status_check
          CHECK (status IN ('untested', 'ok', 'needs_attention')),
        ADD COLUMN auth_method text,
        ADD COLUMN last_error text,
        ADD COLUMN last_error_at timestamptz,
        ADD COLUMN token_expires_at timestamptz`);
    this.addSql(`
      CREATE INDEX connections_token_expiry ON connections (token_expires_at)
      WHERE token_expires_at IS NOT NULL AND status <> 'needs_attention'`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX connections_token_expiry');
    this.addSql(`ALTER TABLE connections DROP CONSTRAINT connections_status_check`);
    this.addSql(`UPDATE connections SET status = 'failed' WHERE status = 'needs_attention'`);
    this.addSql(`
      ALTER TABLE connections
        ADD CONSTRAINT connections_status_check CHECK (status IN ('untested', 'ok', 'failed')),
        DROP COLUMN auth_method,
        DROP COLUMN last_error,
        DROP COLUMN last_error_at,
        DROP COLUMN token_expires_at`);
  }
}
