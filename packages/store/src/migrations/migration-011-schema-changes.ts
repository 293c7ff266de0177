import { Migration } from '@mikro-orm/migrations';
import { migrationSchema } from './migration-schema.js';

/**
 * `pc_sync_runs.schema_changes_json`: how the source's columns had drifted from the destination's
 * and what the drift policy did (`[{ column, change, sourceType, destinationType, action }]`),
 * recorded on successful and failed runs alike (issue 11). Text holding JSON, like
 * `value_warnings_json`, so SQLite, PostgreSQL and MySQL treat it alike.
 */
export class Migration011SchemaChanges extends Migration {
  override async up(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.addSql(schema.alterTable('pc_sync_runs').addColumn('schema_changes_json', 'text').compile().sql);
  }

  override async down(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.addSql(schema.alterTable('pc_sync_runs').dropColumn('schema_changes_json').compile().sql);
  }
}
