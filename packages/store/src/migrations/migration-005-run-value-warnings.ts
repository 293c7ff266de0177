import { Migration } from '@mikro-orm/migrations';
import { migrationSchema } from './migration-schema.js';

/**
 * `pc_sync_runs.value_warnings_json`: the values a run changed under a declared policy, structured
 * (`[{ column, policy, count, sampleKey }]`), so they can be counted and acted on. Text holding
 * JSON, like `warnings_json`, so SQLite, PostgreSQL and MySQL treat it alike.
 */
export class Migration005RunValueWarnings extends Migration {
  override async up(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.addSql(schema.alterTable('pc_sync_runs').addColumn('value_warnings_json', 'text').compile().sql);
  }

  override async down(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.addSql(schema.alterTable('pc_sync_runs').dropColumn('value_warnings_json').compile().sql);
  }
}
