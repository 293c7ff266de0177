import type { ConnectionConfig, ServerIdentity, TableRef } from './contract.js';
import { getDialect } from './dialects/index.js';
import { withSession } from './session-scope.js';

/**
 * Who the server behind `config` is, as the server itself says (not the host name we dialled):
 * PostgreSQL `system_identifier` plus the database's OID, MySQL `@@server_uuid` (MariaDB has none:
 * `@@hostname:@@port`). Two connections reaching one server by different names (127.0.0.1 and
 * localhost, a DNS alias, a tunnel) get the same identity. Bounded by `connectTimeoutMs`.
 */
export function serverIdentity(config: ConnectionConfig): Promise<ServerIdentity> {
  return withSession(config, (session) => session.serverIdentity());
}

/**
 * A key equal for two table references exactly when they name the same table: same server
 * identity, and schema and table names as that server stores them (PostgreSQL clips names to 63
 * bytes; MySQL folds case per `lower_case_table_names`). PostgreSQL compares case-sensitively, as
 * the engine always quotes identifiers.
 */
export function tableIdentity(identity: ServerIdentity, table: TableRef): string {
  const dialect = getDialect(identity.dialect);
  const stored = (name: string) => {
    const clipped = dialect.storedIdentifier(name);
    return identity.caseInsensitiveNames ? clipped.toLowerCase() : clipped;
  };
  return [identity.dialect, identity.server, stored(table.schema), stored(table.table)].join('\u0000');
}
