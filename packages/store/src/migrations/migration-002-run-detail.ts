import { Migration } from '@mikro-orm/migrations';
import { migrationSchema } from './migration-schema.js';

/** `pc_sync_runs.status_detail`: what an active run is doing besides copying ("waiting for a lock held by …"). */
export class Migration002RunDetail extends Migration {
  override async up(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.addSql(schema.alterTable('pc_sync_runs').addColumn('status_detail', 'text').compile().sql);
  }

  override async down(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.addSql(schema.alterTable('pc_sync_runs').dropColumn('status_detail').compile().sql);
  }
}
