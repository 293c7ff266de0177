/**
 * What every PipeCraft test suite shares (engine, API, store, client, server, e2e): where the test
 * databases are, unique names, admin access, the dialect pairs to loop over, and processes a test
 * starts (the server, a private PostgreSQL or MariaDB). The only module that reads test settings from the
 * environment (see env.ts).
 */
export { testEnv } from './env.js';
export {
  DEFAULT_PORTS,
  MYSQL_URL,
  PG_URL,
  REDIS_URL,
  TEST_DIALECTS,
  TEST_SERVERS,
  defaultSchema,
  serverFromUrl,
  withDatabase,
} from './databases.js';
export type { TestDialect, TestServer } from './databases.js';
export { ALL_DIALECT_PAIRS, DIALECT_PAIRS, SELECTED_DIALECTS, parseDialectPairs } from './dialect-pairs.js';
export type { DialectPair } from './dialect-pairs.js';
export { uniqueName } from './unique-name.js';
export {
  adminQuery,
  countRows,
  createScratch,
  createTable,
  dropScratch,
  dropTable,
  myAdmin,
  myQuote,
  pgAdmin,
  pgQuote,
  qualified,
  quote,
  selectRows,
} from './admin.js';
export type { MysqlAddress } from './admin.js';
export { freePort } from './ports.js';
export { setupAndCreateToken } from './first-admin.js';
export { dropPostgresDatabase, loadMysqlSakila, loadPostgresSakila } from './sakila.js';
export { startPrivateMariadb } from './private-mariadb.js';
export { startPrivatePostgres } from './private-postgres.js';
export type { PrivateServer, PrivateServerOptions } from './private-server.js';
export { childEnv, startServerProcess } from './server-process.js';
export type { ServerProcess } from './server-process.js';
