import { Migration } from '@mikro-orm/migrations';
import { migrationSchema } from './migration-schema.js';

/** Columns added to `pc_syncs`, in order; each its own statement (SQLite adds one column per ALTER). */
const SYNC_COLUMNS = [
  // JSON array of source column names; NULL = the source's primary key.
  ['key_columns', 'text'],
  ['cursor_column', 'varchar(255)'],
  ['lookback_seconds', 'integer'],
  // JSON array of { source, include, name?, type? }; NULL = every column as it is.
  ['column_mapping', 'text'],
  // JSON { cursor, key[] } (decision 121); NULL = the next run reads from the beginning.
  ['watermark', 'text'],
] as const;

/** Counts of a run, beside `rows_copied`; NULL for runs recorded before this migration. */
const RUN_COLUMNS = ['rows_inserted', 'rows_updated', 'rows_deleted'] as const;

/**
 * Write modes (issue 11): `truncate_insert` becomes `full_refresh` on saved syncs; a sync gains its
 * mode options, column mapping, drift policy and watermark; a run its inserted/updated/deleted counts.
 */
export class Migration006WriteModes extends Migration {
  override async up(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.addSql("UPDATE pc_syncs SET write_mode = 'full_refresh' WHERE write_mode = 'truncate_insert'");
    for (const [name, type] of SYNC_COLUMNS) {
      this.addSql(schema.alterTable('pc_syncs').addColumn(name, type).compile().sql);
    }
    this.addSql(
      schema
        .alterTable('pc_syncs')
        .addColumn('delete_missing', 'varchar(8)', (c) => c.notNull().defaultTo('keep'))
        .compile().sql,
    );
    this.addSql(
      schema
        .alterTable('pc_syncs')
        .addColumn('drift_policy', 'varchar(16)', (c) => c.notNull().defaultTo('fail'))
        .compile().sql,
    );
    for (const name of RUN_COLUMNS) {
      this.addSql(schema.alterTable('pc_sync_runs').addColumn(name, 'bigint').compile().sql);
    }
  }

  override async down(): Promise<void> {
    const { schema } = migrationSchema(this);
    for (const name of [...RUN_COLUMNS].reverse()) {
      this.addSql(schema.alterTable('pc_sync_runs').dropColumn(name).compile().sql);
    }
    for (const name of ['drift_policy', 'delete_missing', ...[...SYNC_COLUMNS].reverse().map(([column]) => column)]) {
      this.addSql(schema.alterTable('pc_syncs').dropColumn(name).compile().sql);
    }
    this.addSql("UPDATE pc_syncs SET write_mode = 'truncate_insert' WHERE write_mode = 'full_refresh'");
  }
}
