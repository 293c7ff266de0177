import { Migration } from '@mikro-orm/migrations';
import { migrationSchema } from './migration-schema.js';

/**
 * When a connection's settings last changed (a test from before then is stale), and two opt-in
 * switches, both off for existing rows:
 * - `pc_connections.list_all_schemas`: a MySQL connection's database is its one schema unless the
 *   user asks to browse every database the server shows (other people's included);
 * - `pc_syncs.create_destination_schema`: the run creates a missing destination schema (database
 *   on MySQL) before it creates the table.
 */
export class Migration009DiscoveryAndSchemaCreation extends Migration {
  override async up(): Promise<void> {
    const { schema, timestamp } = migrationSchema(this);
    this.addSql(schema.alterTable('pc_connections').addColumn('settings_changed_at', timestamp).compile().sql);
    this.addSql(
      schema
        .alterTable('pc_connections')
        .addColumn('list_all_schemas', 'boolean', (c) => c.notNull().defaultTo(false))
        .compile().sql,
    );
    this.addSql(
      schema
        .alterTable('pc_syncs')
        .addColumn('create_destination_schema', 'boolean', (c) => c.notNull().defaultTo(false))
        .compile().sql,
    );
  }

  override async down(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.addSql(schema.alterTable('pc_syncs').dropColumn('create_destination_schema').compile().sql);
    this.addSql(schema.alterTable('pc_connections').dropColumn('list_all_schemas').compile().sql);
    this.addSql(schema.alterTable('pc_connections').dropColumn('settings_changed_at').compile().sql);
  }
}
