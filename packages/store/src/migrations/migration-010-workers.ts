import { Migration } from '@mikro-orm/migrations';
import { migrationSchema } from './migration-schema.js';

/**
 * Distributed runs (issue 15): which worker holds a run and until when (its lease, with a fencing
 * token), a cancel request a remote worker can see, the workers' heartbeats, and the one row run
 * claims lock. Portable DDL; see docs/decisions/021-portable-migrations.md and 161.
 */
export class Migration010Workers extends Migration {
  override async up(): Promise<void> {
    const { schema, timestamp } = migrationSchema(this);
    // One column per statement: SQLite's ALTER TABLE adds one at a time.
    for (const [name, type] of [
      ['worker_id', 'varchar(128)'],
      ['lease_token', 'varchar(36)'],
      ['lease_expires_at', timestamp],
      ['cancel_requested_at', timestamp],
    ] as const) {
      this.addSql(schema.alterTable('pc_sync_runs').addColumn(name, type).compile().sql);
    }
    this.addSql(
      schema
        .createTable('pc_workers')
        .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
        .addColumn('hostname', 'varchar(255)', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('concurrency', 'integer', (c) => c.notNull())
        .addColumn('active_runs', 'integer', (c) => c.notNull())
        .addColumn('started_at', timestamp, (c) => c.notNull())
        .addColumn('heartbeat_at', timestamp, (c) => c.notNull())
        .addColumn('stopped_at', timestamp)
        .compile().sql,
    );
    this.addSql(schema.createIndex('pc_workers_heartbeat_idx').on('pc_workers').column('heartbeat_at').compile().sql);
    this.addSql(
      schema
        .createTable('pc_run_claim_lock')
        .addColumn('id', 'varchar(16)', (c) => c.primaryKey())
        .compile().sql,
    );
    this.addSql(`insert into pc_run_claim_lock (id) values ('runs')`);
  }

  override async down(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.addSql(schema.dropTable('pc_run_claim_lock').compile().sql);
    this.addSql(schema.dropTable('pc_workers').compile().sql);
    for (const name of ['cancel_requested_at', 'lease_expires_at', 'lease_token', 'worker_id']) {
      this.addSql(schema.alterTable('pc_sync_runs').dropColumn(name).compile().sql);
    }
  }
}
