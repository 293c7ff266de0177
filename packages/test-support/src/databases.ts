import { testEnv } from './env.js';

/** The dialects the engine and API suites run against; the same names as the engine's `DialectName`. */
export type TestDialect = 'postgres' | 'mysql';
export const TEST_DIALECTS: readonly TestDialect[] = ['postgres', 'mysql'];

/**
 * The servers the suites use (README: PIPECRAFT_TEST_PG_URL, PIPECRAFT_TEST_MYSQL_URL); by default
 * the local ones: trust-auth PostgreSQL, passwordless root on MariaDB.
 */
export const PG_URL = testEnv('PIPECRAFT_TEST_PG_URL', 'postgres://postgres@127.0.0.1:5432/test');
export const MYSQL_URL = testEnv('PIPECRAFT_TEST_MYSQL_URL', 'mysql://root@127.0.0.1:3306/test');
/** The Redis the distributed-run tests put their (uniquely named) queues on. */
export const REDIS_URL = testEnv('PIPECRAFT_TEST_REDIS_URL', 'redis://127.0.0.1:6379');

export const DEFAULT_PORTS: Record<TestDialect, number> = { postgres: 5432, mysql: 3306 };

/** The pieces of a test server's URL, as a connection form or a driver wants them. */
export interface TestServer {
  dialect: TestDialect;
  url: string;
  host: string;
  port: number;
  database: string;
  user: string;
  /** Empty when the URL has none. */
  password: string;
}

export function serverFromUrl(dialect: TestDialect, href: string): TestServer {
  const url = new URL(href);
  return {
    dialect,
    url: href,
    host: url.hostname,
    port: Number(url.port || DEFAULT_PORTS[dialect]),
    database: decodeURIComponent(url.pathname.slice(1)),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

export const TEST_SERVERS: Record<TestDialect, TestServer> = {
  postgres: serverFromUrl('postgres', PG_URL),
  mysql: serverFromUrl('mysql', MYSQL_URL),
};

/** The same server and credentials, another database (e.g. a test-owned store database). */
export function withDatabase(href: string, database: string): string {
  const copy = new URL(href);
  copy.pathname = `/${encodeURIComponent(database)}`;
  return copy.toString();
}

/** The schema tables live in by default: `public` on PostgreSQL, the URL's database on MySQL. */
export function defaultSchema(dialect: TestDialect): string {
  return dialect === 'postgres' ? 'public' : TEST_SERVERS.mysql.database;
}
