import { Migration } from '@mikro-orm/migrations';
import type { Knex } from '@mikro-orm/knex';

/**
 * The first schema: connections, syncs, runs.
 *
 * Written with the knex schema builder (not raw SQL) so one migration yields the right DDL for
 * SQLite, PostgreSQL and MySQL/MariaDB alike; see docs/decisions/021-portable-migrations.md.
 */
export class Migration001Initial extends Migration {
  override async up(): Promise<void> {
    // `knex.schema` is a getter that returns a new builder; one builder per statement group,
    // because a builder accumulates every call made on it.
    const schema = () => this.getKnex().schema;

    addStatements(this, schema().createTable('pc_connections', (t) => {
      t.string('id', 36).primary();
      t.string('name', 200).notNullable().unique({ indexName: 'pc_connections_name_unique' });
      t.string('dialect', 16).notNullable();
      t.string('host', 255).notNullable();
      t.integer('port').notNullable();
      t.string('database', 255).notNullable();
      t.string('username', 255).notNullable();
      t.text('password_encrypted').nullable();
      t.boolean('is_source').notNullable();
      t.boolean('is_destination').notNullable();
      t.boolean('last_test_ok').nullable();
      timestamp(t, 'last_test_at').nullable();
      t.string('last_test_server_version', 255).nullable();
      t.integer('last_test_latency_ms').nullable();
      t.string('last_test_code', 64).nullable();
      t.text('last_test_message').nullable();
      timestamp(t, 'created_at').notNullable();
      timestamp(t, 'updated_at').notNullable();
    }));

    addStatements(this, schema().createTable('pc_syncs', (t) => {
      t.string('id', 36).primary();
      t.string('name', 200).notNullable().unique({ indexName: 'pc_syncs_name_unique' });
      t.text('description').nullable();
      t.string('source_connection_id', 36).notNullable().references('id').inTable('pc_connections')
        .withKeyName('pc_syncs_source_connection_fk');
      t.string('source_schema', 255).notNullable();
      t.string('source_table', 255).notNullable();
      t.string('destination_connection_id', 36).notNullable().references('id').inTable('pc_connections')
        .withKeyName('pc_syncs_destination_connection_fk');
      t.string('destination_schema', 255).notNullable();
      t.string('destination_table', 255).notNullable();
      t.string('write_mode', 32).notNullable();
      timestamp(t, 'created_at').notNullable();
      timestamp(t, 'updated_at').notNullable();
    }));

    addStatements(this, schema().createTable('pc_sync_runs', (t) => {
      t.string('id', 36).primary();
      t.string('sync_id', 36).notNullable().references('id').inTable('pc_syncs')
        .withKeyName('pc_sync_runs_sync_fk');
      t.string('status', 16).notNullable();
      t.bigInteger('rows_copied').notNullable();
      t.bigInteger('row_count').nullable();
      timestamp(t, 'created_at').notNullable();
      timestamp(t, 'started_at').nullable();
      timestamp(t, 'finished_at').nullable();
      t.integer('duration_ms').nullable();
      t.string('error_code', 64).nullable();
      t.text('error_message').nullable();
      t.text('warnings_json').nullable();
      t.index(['sync_id', 'created_at'], 'pc_sync_runs_sync_created_idx');
    }));
  }

  override async down(): Promise<void> {
    // `knex.schema` is a getter that returns a new builder; one builder per statement group,
    // because a builder accumulates every call made on it.
    const schema = () => this.getKnex().schema;
    addStatements(this, schema().dropTable('pc_sync_runs'));
    addStatements(this, schema().dropTable('pc_syncs'));
    addStatements(this, schema().dropTable('pc_connections'));
  }
}

/** Millisecond timestamps everywhere (MySQL's DATETIME defaults to whole seconds). */
function timestamp(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return t.datetime(name, { precision: 3, useTz: true });
}

/** A schema builder may compile to several statements (SQLite indexes); each becomes one `addSql`. */
function addStatements(migration: Migration, builder: Knex.SchemaBuilder): void {
  for (const statement of builder.toSQL()) {
    migration.addSql(statement.sql);
  }
}
