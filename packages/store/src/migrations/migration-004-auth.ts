import { Migration } from '@mikro-orm/migrations';
import { migrationSchema, type SchemaStatement } from './migration-schema.js';

/**
 * Users, sessions, API tokens and the audit log (issue 10).
 * Portable DDL through the schema builder, like 001; see docs/decisions/021-portable-migrations.md.
 */
export class Migration004Auth extends Migration {
  override async up(): Promise<void> {
    const { schema, timestamp, addUnique } = migrationSchema(this);

    this.#add(
      schema
        .createTable('pc_users')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('email', 'varchar(320)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
        .addColumn('role', 'varchar(16)', (c) => c.notNull())
        .addColumn('disabled', 'boolean', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull()),
      addUnique('pc_users', 'pc_users_email_unique', 'email'),
    );

    this.#add(
      schema
        .createTable('pc_sessions')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('expires_at', timestamp, (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('last_seen_at', timestamp, (c) => c.notNull())
        .addColumn('revoked_at', timestamp)
        .addColumn('ip', 'varchar(64)')
        .addColumn('user_agent', 'varchar(255)')
        .addForeignKeyConstraint('pc_sessions_user_fk', ['user_id'], 'pc_users', ['id']),
      schema.createIndex('pc_sessions_user_idx').on('pc_sessions').column('user_id'),
    );

    this.#add(
      schema
        .createTable('pc_api_tokens')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('prefix', 'varchar(16)', (c) => c.notNull())
        .addColumn('owner_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('role', 'varchar(16)', (c) => c.notNull())
        .addColumn('expires_at', timestamp)
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('last_used_at', timestamp)
        .addColumn('revoked_at', timestamp)
        .addForeignKeyConstraint('pc_api_tokens_owner_fk', ['owner_id'], 'pc_users', ['id']),
      addUnique('pc_api_tokens', 'pc_api_tokens_hash_unique', 'token_hash'),
    );

    this.#add(
      schema
        .createTable('pc_audit_events')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('at', timestamp, (c) => c.notNull())
        .addColumn('actor_id', 'varchar(36)')
        .addColumn('actor_email', 'varchar(400)')
        .addColumn('action', 'varchar(64)', (c) => c.notNull())
        .addColumn('target_type', 'varchar(32)')
        .addColumn('target_id', 'varchar(36)')
        .addColumn('changes_json', 'text')
        .addColumn('ip', 'varchar(64)'),
      schema.createIndex('pc_audit_events_at_idx').on('pc_audit_events').column('at'),
      schema.createIndex('pc_audit_events_actor_idx').on('pc_audit_events').columns(['actor_id', 'at']),
    );
  }

  override async down(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.#add(
      schema.dropTable('pc_audit_events'),
      schema.dropTable('pc_api_tokens'),
      schema.dropTable('pc_sessions'),
      schema.dropTable('pc_users'),
    );
  }

  /** Each builder compiles to one statement. */
  #add(...statements: SchemaStatement[]): void {
    for (const statement of statements) this.addSql(statement.compile().sql);
  }
}
