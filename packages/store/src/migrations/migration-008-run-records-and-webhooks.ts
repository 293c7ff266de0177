import { Migration } from '@mikro-orm/migrations';
import { migrationSchema, type SchemaStatement } from './migration-schema.js';

/** Columns added to `pc_sync_runs`, one statement each (SQLite adds one column per ALTER). */
const RUN_COLUMNS: Array<[name: string, type: 'text' | 'bigint' | 'varchar(16)' | 'varchar(36)']> = [
  ['phase', 'varchar(16)'],
  ['phases_json', 'text'],
  ['rows_read', 'bigint'],
  ['row_estimate', 'bigint'],
  ['config_json', 'text'],
  ['source_connection_id', 'varchar(36)'],
  ['destination_connection_id', 'varchar(36)'],
];

/**
 * Issue 12 part B: what a run did (its steps and their timings, rows read, the source's row
 * estimate, the sync's configuration as it was at start, with the connection ids to filter
 * history by), and webhooks with their deliveries. Portable DDL, like 001 and 004
 * (docs/decisions/021-portable-migrations.md).
 */
export class Migration008RunRecordsAndWebhooks extends Migration {
  override async up(): Promise<void> {
    const { schema, timestamp } = migrationSchema(this);
    this.#add(
      ...RUN_COLUMNS.map(([name, type]) => schema.alterTable('pc_sync_runs').addColumn(name, type)),
      schema.createIndex('pc_sync_runs_created_idx').on('pc_sync_runs').column('created_at'),
    );
    this.#add(
      schema
        .createTable('pc_webhooks')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('url', 'varchar(2000)', (c) => c.notNull())
        .addColumn('events', 'varchar(64)', (c) => c.notNull())
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('enabled', 'boolean', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull()),
      schema
        .createTable('pc_webhook_deliveries')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('webhook_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('event', 'varchar(16)', (c) => c.notNull())
        .addColumn('run_id', 'varchar(36)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('response_code', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('finished_at', timestamp)
        .addForeignKeyConstraint('pc_webhook_deliveries_webhook_fk', ['webhook_id'], 'pc_webhooks', ['id']),
      schema
        .createIndex('pc_webhook_deliveries_webhook_idx')
        .on('pc_webhook_deliveries')
        .columns(['webhook_id', 'created_at']),
    );
  }

  override async down(): Promise<void> {
    const { schema, dropIndex } = migrationSchema(this);
    this.#add(
      schema.dropTable('pc_webhook_deliveries'),
      schema.dropTable('pc_webhooks'),
      dropIndex('pc_sync_runs', 'pc_sync_runs_created_idx'),
      ...RUN_COLUMNS.map(([name]) => schema.alterTable('pc_sync_runs').dropColumn(name)),
    );
  }

  #add(...statements: SchemaStatement[]): void {
    for (const statement of statements) this.addSql(statement.compile().sql);
  }
}
