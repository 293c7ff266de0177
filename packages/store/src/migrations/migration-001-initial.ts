import { Migration } from '@mikro-orm/migrations';
import { migrationSchema, type SchemaStatement } from './migration-schema.js';

/**
 * The first schema: connections, syncs, runs.
 *
 * Written with a schema builder (not raw SQL) so one migration yields the right DDL for SQLite,
 * PostgreSQL and MySQL/MariaDB alike; see docs/decisions/021-portable-migrations.md. Shipped, so it
 * must keep producing the tables its knex version created before MikroORM 7: stores created then
 * are already marked as having run it.
 */
export class Migration001Initial extends Migration {
  override async up(): Promise<void> {
    const { schema, timestamp, addUnique } = migrationSchema(this);

    this.#add(
      schema
        .createTable('pc_connections')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('dialect', 'varchar(16)', (c) => c.notNull())
        .addColumn('host', 'varchar(255)', (c) => c.notNull())
        .addColumn('port', 'integer', (c) => c.notNull())
        .addColumn('database', 'varchar(255)', (c) => c.notNull())
        .addColumn('username', 'varchar(255)', (c) => c.notNull())
        .addColumn('password_encrypted', 'text')
        .addColumn('is_source', 'boolean', (c) => c.notNull())
        .addColumn('is_destination', 'boolean', (c) => c.notNull())
        .addColumn('last_test_ok', 'boolean')
        .addColumn('last_test_at', timestamp)
        .addColumn('last_test_server_version', 'varchar(255)')
        .addColumn('last_test_latency_ms', 'integer')
        .addColumn('last_test_code', 'varchar(64)')
        .addColumn('last_test_message', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull()),
      addUnique('pc_connections', 'pc_connections_name_unique', 'name'),
    );

    this.#add(
      schema
        .createTable('pc_syncs')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('source_connection_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('source_schema', 'varchar(255)', (c) => c.notNull())
        .addColumn('source_table', 'varchar(255)', (c) => c.notNull())
        .addColumn('destination_connection_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('destination_schema', 'varchar(255)', (c) => c.notNull())
        .addColumn('destination_table', 'varchar(255)', (c) => c.notNull())
        .addColumn('write_mode', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addForeignKeyConstraint('pc_syncs_source_connection_fk', ['source_connection_id'], 'pc_connections', ['id'])
        .addForeignKeyConstraint(
          'pc_syncs_destination_connection_fk',
          ['destination_connection_id'],
          'pc_connections',
          ['id'],
        ),
      addUnique('pc_syncs', 'pc_syncs_name_unique', 'name'),
    );

    this.#add(
      schema
        .createTable('pc_sync_runs')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('sync_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('rows_copied', 'bigint', (c) => c.notNull())
        .addColumn('row_count', 'bigint')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('started_at', timestamp)
        .addColumn('finished_at', timestamp)
        .addColumn('duration_ms', 'integer')
        .addColumn('error_code', 'varchar(64)')
        .addColumn('error_message', 'text')
        .addColumn('warnings_json', 'text')
        .addForeignKeyConstraint('pc_sync_runs_sync_fk', ['sync_id'], 'pc_syncs', ['id']),
      schema.createIndex('pc_sync_runs_sync_created_idx').on('pc_sync_runs').columns(['sync_id', 'created_at']),
    );
  }

  override async down(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.#add(schema.dropTable('pc_sync_runs'), schema.dropTable('pc_syncs'), schema.dropTable('pc_connections'));
  }

  /** Each builder compiles to one statement. */
  #add(...statements: SchemaStatement[]): void {
    for (const statement of statements) this.addSql(statement.compile().sql);
  }
}
