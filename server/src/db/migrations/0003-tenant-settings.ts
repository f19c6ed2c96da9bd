import { Migration } from '@mikro-orm/migrations';

export class TenantSettings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`ALTER TABLE tenants ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb`);
  }

  override async down(): Promise<void> {
    this.addSql('ALTER TABLE tenants DROP COLUMN settings');
  }
}
