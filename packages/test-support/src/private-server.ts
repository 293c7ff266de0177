import { readFile } from 'node:fs/promises';

/**
 * A throwaway database server of a test's own: its own temp directory, free port and socket, never
 * the shared test servers. For a server setting the shared server must keep (its global settings
 * belong to everyone's runs) or an outage a test causes on purpose. `startPrivatePostgres` and
 * `startPrivateMariadb` start one; both fail, with the server's log, if it cannot start: a test
 * that needs it must fail, not skip.
 */
export interface PrivateServer {
  /** Always `127.0.0.1`. */
  host: string;
  port: number;
  user: string;
  /** Always empty: PostgreSQL trusts local connections, MariaDB runs with --skip-grant-tables. */
  password: string;
  /** A database created at start, empty. */
  database: string;
  /** A URL for `database` (default: the one created at start) on this server, as the store takes it. */
  url(database?: string): string;
  /** Takes the server away abruptly, as a crash or an outage would; its files stay. No-op when stopped. */
  stop(): Promise<void>;
  /** Brings a stopped server back on the same port with the same files. No-op when running. */
  start(): Promise<void>;
  /** Stops the server for good and deletes its files. */
  destroy(): Promise<void>;
}

export interface PrivateServerOptions {
  /**
   * Extra server command-line arguments: `['--local-infile=0']` for `mariadbd`,
   * `['-c', 'max_connections=20']` for `postgres`.
   */
  serverArgs?: string[];
}

/** Neither server runs as root without being told: MariaDB needs --user=root, PostgreSQL another user. */
export const RUNNING_AS_ROOT = process.getuid?.() === 0;

/** The error a failed start throws: the cause and the tail of the server's log. */
export async function startFailure(server: string, cause: unknown, logFile: string): Promise<Error> {
  const log = await readFile(logFile, 'utf8').catch(() => '(no log)');
  return new Error(`${server} did not start (${String(cause)}):\n${log.slice(-3000)}`, { cause });
}
