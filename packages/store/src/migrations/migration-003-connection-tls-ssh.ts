import { Migration } from '@mikro-orm/migrations';
import { migrationSchema } from './migration-schema.js';

/** Columns added to `pc_connections`, in order; each its own statement (SQLite adds one column per ALTER). */
const COLUMNS = [
  ['tls_ca_cert_encrypted', 'text'],
  ['tls_client_cert_encrypted', 'text'],
  ['tls_client_key_encrypted', 'text'],
  ['ssh_host', 'varchar(255)'],
  ['ssh_port', 'integer'],
  ['ssh_user', 'varchar(255)'],
  ['ssh_host_key_fingerprint', 'varchar(255)'],
  ['ssh_private_key_encrypted', 'text'],
  ['ssh_passphrase_encrypted', 'text'],
  ['ssh_password_encrypted', 'text'],
] as const;

/**
 * TLS and SSH settings of a connection: the TLS mode (existing connections keep plain TCP,
 * `disable`), the PEM texts and SSH credentials sealed like the password, the bastion's address
 * and its pinned host key.
 */
export class Migration003ConnectionTlsSsh extends Migration {
  override async up(): Promise<void> {
    const { schema } = migrationSchema(this);
    this.addSql(
      schema
        .alterTable('pc_connections')
        .addColumn('tls_mode', 'varchar(16)', (c) => c.notNull().defaultTo('disable'))
        .compile().sql,
    );
    for (const [name, type] of COLUMNS) {
      this.addSql(schema.alterTable('pc_connections').addColumn(name, type).compile().sql);
    }
  }

  override async down(): Promise<void> {
    const { schema } = migrationSchema(this);
    for (const [name] of [...COLUMNS].reverse()) {
      this.addSql(schema.alterTable('pc_connections').dropColumn(name).compile().sql);
    }
    this.addSql(schema.alterTable('pc_connections').dropColumn('tls_mode').compile().sql);
  }
}
