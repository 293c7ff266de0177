import { TEST_SERVERS, type TestServer } from '@pipecraft/test-support';
import type { ConnectionConfig, DialectName } from '../../src/contract.js';
import type { SyncRequest } from '../../src/sync-request.js';

/** The engine's `ConnectionConfig` for a test server (@pipecraft/test-support says where they are). */
export function connectionConfig(
  server: Pick<TestServer, 'host' | 'port' | 'database' | 'user' | 'password'>,
  dialect: DialectName,
): ConnectionConfig {
  return {
    dialect,
    host: server.host,
    port: server.port,
    database: server.database,
    user: server.user,
    password: server.password ? server.password : dialect === 'mysql' ? '' : null,
  };
}

export const PG = connectionConfig(TEST_SERVERS.postgres, 'postgres');
export const MY = connectionConfig(TEST_SERVERS.mysql, 'mysql');
export const CONFIGS: Record<DialectName, ConnectionConfig> = { postgres: PG, mysql: MY };

/** A full-refresh request between the test servers, each table in the schema given for its dialect. */
export function syncRequest(
  schemaOf: Record<DialectName, string>,
  from: DialectName,
  to: DialectName,
  sourceTable: string,
  destinationTable: string,
): SyncRequest {
  return {
    source: { connection: CONFIGS[from], table: { schema: schemaOf[from], table: sourceTable } },
    destination: { connection: CONFIGS[to], table: { schema: schemaOf[to], table: destinationTable } },
    writeMode: 'full_refresh',
  };
}
