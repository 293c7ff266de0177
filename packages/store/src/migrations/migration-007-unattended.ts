import { Migration } from '@mikro-orm/migrations';
import { migrationSchema, type SchemaStatement } from './migration-schema.js';

/**
 * Running syncs unattended (issue 12 part A): retry settings per sync, attempt and trigger per
 * run, pipelines (groups of syncs) and schedules. Statuses `cancelled` and `skipped` need no DDL
 * (the status column is a string). Portable DDL, see docs/decisions/021-portable-migrations.md.
 */
export class Migration007Unattended extends Migration {
  override async up(): Promise<void> {
    const { schema, timestamp, addUnique } = migrationSchema(this);

    this.#add(
      schema
        .createTable('pc_pipelines')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('source_connection_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('source_schema', 'varchar(255)', (c) => c.notNull())
        .addColumn('destination_connection_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('destination_schema', 'varchar(255)', (c) => c.notNull())
        .addColumn('naming_rule', 'varchar(16)', (c) => c.notNull())
        .addColumn('naming_affix', 'varchar(64)', (c) => c.notNull())
        .addColumn('write_mode', 'varchar(32)', (c) => c.notNull())
        .addColumn('concurrency', 'integer', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addForeignKeyConstraint('pc_pipelines_source_fk', ['source_connection_id'], 'pc_connections', ['id'])
        .addForeignKeyConstraint('pc_pipelines_destination_fk', ['destination_connection_id'], 'pc_connections', [
          'id',
        ]),
      addUnique('pc_pipelines', 'pc_pipelines_name_unique', 'name'),
    );

    // Added columns carry defaults so existing rows get values (SQLite refuses NOT NULL without one).
    this.#add(
      schema.alterTable('pc_syncs').addColumn('retry_count', 'integer', (c) => c.notNull().defaultTo(0)),
      schema.alterTable('pc_syncs').addColumn('retry_backoff_ms', 'integer', (c) => c.notNull().defaultTo(30000)),
      // No foreign key: SQLite cannot add one to an existing table; the API keeps the link whole.
      schema.alterTable('pc_syncs').addColumn('pipeline_id', 'varchar(36)'),
      schema.createIndex('pc_syncs_pipeline_idx').on('pc_syncs').column('pipeline_id'),
      schema.alterTable('pc_sync_runs').addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1)),
      schema.alterTable('pc_sync_runs').addColumn('retry_of_id', 'varchar(36)'),
      schema.alterTable('pc_sync_runs').addColumn('run_trigger', 'varchar(16)', (c) => c.notNull().defaultTo('manual')),
    );

    this.#add(
      schema
        .createTable('pc_schedules')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('sync_id', 'varchar(36)')
        .addColumn('pipeline_id', 'varchar(36)')
        .addColumn('cron', 'varchar(120)', (c) => c.notNull())
        .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
        .addColumn('paused', 'boolean', (c) => c.notNull())
        .addColumn('next_run_at', timestamp)
        .addColumn('last_fired_at', timestamp)
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addForeignKeyConstraint('pc_schedules_sync_fk', ['sync_id'], 'pc_syncs', ['id'])
        .addForeignKeyConstraint('pc_schedules_pipeline_fk', ['pipeline_id'], 'pc_pipelines', ['id']),
      addUnique('pc_schedules', 'pc_schedules_sync_unique', 'sync_id'),
      addUnique('pc_schedules', 'pc_schedules_pipeline_unique', 'pipeline_id'),
      schema.createIndex('pc_schedules_next_run_idx').on('pc_schedules').column('next_run_at'),
    );
  }

  override async down(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.#add(
      schema.dropTable('pc_schedules'),
      schema.dropIndex('pc_syncs_pipeline_idx').on('pc_syncs'),
      schema.alterTable('pc_sync_runs').dropColumn('run_trigger'),
      schema.alterTable('pc_sync_runs').dropColumn('retry_of_id'),
      schema.alterTable('pc_sync_runs').dropColumn('attempt'),
      schema.alterTable('pc_syncs').dropColumn('pipeline_id'),
      schema.alterTable('pc_syncs').dropColumn('retry_backoff_ms'),
      schema.alterTable('pc_syncs').dropColumn('retry_count'),
      schema.dropTable('pc_pipelines'),
    );
  }

  #add(...statements: SchemaStatement[]): void {
    for (const statement of statements) this.addSql(statement.compile().sql);
  }
}
