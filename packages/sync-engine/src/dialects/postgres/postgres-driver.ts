import pg from 'pg';
import type { Readable } from 'node:stream';
import type { ConnectionConfig, ServerIdentity, TableRef } from '../../contract.js';
import type {
  Dialect,
  DialectSession,
  LockWaitOptions,
  QueryResult,
  ReadOptions,
  WriteOptions,
  WriteOutcome,
} from '../../dialect.js';
import { LOCK_ATTEMPT_MS, LOCK_PAUSE_MS } from '../../lock-wait.js';
import { formatWait, sleep } from '../../wait.js';
import { connectTimeoutOf } from '../../connect-timeout.js';
import {
  classifyNetworkError,
  classifyTlsError,
  errorCode,
  errorMessage,
  redact,
  withConnectTimeout,
} from '../../connection-error.js';
import { EngineError, isEngineError } from '../../engine-error.js';
import { tlsOptionsOf } from '../../tls-options.js';
import { openSshTunnel, type SshTunnel } from '../../ssh-tunnel.js';
import type { CellValue, LogicalColumn } from '../../types/logical-type.js';
import {
  describePostgresTable,
  listPostgresSchemas,
  listPostgresTables,
  postgresRowEstimate,
  listPostgresTablesWithPrefix,
  postgresSchemaExists,
} from './postgres-introspector.js';
import { openCopyOut, readPostgresBatches } from './postgres-reader.js';
import { copyPostgresRaw, writePostgresBatches } from './postgres-writer.js';
import { qualifyPostgres } from './postgres-ddl.js';

/**
 * Session settings that make values canonical regardless of the server's defaults: UTC so
 * timestamptz prints as an instant in UTC, ISO dates, hex bytea, shortest exact floats.
 */
const SESSION_OPTIONS = [
  'TimeZone=UTC',
  'DateStyle=ISO,YMD',
  'IntervalStyle=postgres',
  'extra_float_digits=1',
  'bytea_output=hex',
  'client_encoding=UTF8',
]
  .map((setting) => `-c ${setting}`)
  .join(' ');

export function classifyPostgresError(error: unknown, config: ConnectionConfig): EngineError {
  if (isEngineError(error)) return error;
  const code = errorCode(error);
  const message = redact(errorMessage(error), config);
  switch (code) {
    case '28P01':
    case '28000':
      return new EngineError(
        'AUTH_FAILED',
        `Authentication failed for user "${config.user}" on ${config.host}:${config.port} — check the user name and password.`,
        { cause: error },
      );
    case '3D000':
      return new EngineError(
        'DATABASE_NOT_FOUND',
        `Database "${config.database}" does not exist on ${config.host}:${config.port}.`,
        { cause: error },
      );
    case '3F000':
      return new EngineError('SCHEMA_NOT_FOUND', message, { cause: error });
    case '42P01':
      return new EngineError('TABLE_NOT_FOUND', message, { cause: error });
    case '57P01':
    case '57P02':
    case '57P03':
      return new EngineError(
        'CONNECTION_LOST',
        `The PostgreSQL session on ${config.host}:${config.port} was terminated by the server (${message}).`,
        { cause: error },
      );
    case '40P01':
    case '40001':
      return new EngineError('DEADLOCK', `PostgreSQL aborted the transaction to resolve a conflict: ${message}`, {
        cause: error,
      });
    case '42501':
      return new EngineError(
        'PERMISSION_DENIED',
        `User "${config.user}" lacks a privilege on ${config.host}:${config.port}: ${message}.`,
        { cause: error },
      );
  }
  // Class 22 (data exception) and 23 (integrity constraint): the destination refused a value.
  if (code && (code.startsWith('22') || code.startsWith('23'))) {
    const where =
      typeof error === 'object' && error !== null && 'where' in error
        ? ` (${String((error as { where: unknown }).where)})`
        : '';
    return new EngineError('ROW_REJECTED', `PostgreSQL rejected a row: ${message}${where}`, { cause: error });
  }
  const tlsProblem = classifyTlsError(error, config);
  if (tlsProblem) return tlsProblem;
  const network = classifyNetworkError(error, config);
  if (network) return network;
  if (/terminat|Connection terminated|ended unexpectedly/i.test(message)) {
    return new EngineError(
      'CONNECTION_LOST',
      `The PostgreSQL connection to ${config.host}:${config.port} was lost: ${message}`,
      { cause: error },
    );
  }
  return new EngineError('ENGINE_ERROR', `PostgreSQL error: ${message}`, { cause: error });
}

export async function connectPostgres(dialect: Dialect, config: ConnectionConfig): Promise<DialectSession> {
  const ssl = tlsOptionsOf(config);
  // Through a bastion the socket goes to the tunnel's local end; TLS still checks `config.host`.
  const tunnel = await openSshTunnel(config);
  let cleartextRequested = false;
  const client = new pg.Client({
    host: tunnel?.host ?? config.host,
    port: tunnel?.port ?? config.port,
    database: config.database,
    user: config.user,
    // A function, so the password leaves only after we know how the server wants it: pg calls it
    // when the server asks for a password (cleartext, MD5 or SCRAM), after the listener below ran.
    password: () => {
      if (cleartextRequested && !ssl) throw insecureAuth(config);
      return config.password ?? '';
    },
    ssl: ssl ?? false,
    connectionTimeoutMillis: connectTimeoutOf(config),
    options: SESSION_OPTIONS,
    application_name: 'pipecraft',
  });
  // AuthenticationCleartextPassword: a server (or anyone between us) asking for the password as
  // is. Over plain TCP we refuse, so a changed host cannot harvest a stored password.
  (client as unknown as PgClientInternals).connection.prependListener('authenticationCleartextPassword', () => {
    cleartextRequested = true;
  });
  // An idle client whose server goes away emits 'error'; without a listener that kills the process.
  client.on('error', () => undefined);
  try {
    await withConnectTimeout(config, client.connect(), () => void client.end().catch(() => undefined));
  } catch (error) {
    await client.end().catch(() => undefined);
    await tunnel?.close();
    throw classifyPostgresError(error, config);
  }
  return new PostgresSession(dialect, client, config, tunnel);
}

/** pg's Client keeps its protocol connection (an EventEmitter of backend messages) here. */
interface PgClientInternals {
  connection: { prependListener(event: string, listener: () => void): void };
}

function insecureAuth(config: ConnectionConfig): EngineError {
  return new EngineError(
    'INSECURE_AUTH',
    `${config.host}:${config.port} asked for the password in cleartext over an unencrypted connection; PipeCraft did not send it. Turn TLS on for this connection (or configure the server for SCRAM authentication).`,
  );
}

class PostgresSession implements DialectSession {
  readonly dialect: Dialect;
  readonly #client: pg.Client;
  readonly #config: ConnectionConfig;
  /** Tables known to be plain (no view, no children), from describeTable: they may use `COPY table TO`. */
  readonly #plainTables = new Set<string>();

  readonly #tunnel: SshTunnel | null;

  constructor(dialect: Dialect, client: pg.Client, config: ConnectionConfig, tunnel: SshTunnel | null) {
    this.dialect = dialect;
    this.#client = client;
    this.#config = config;
    this.#tunnel = tunnel;
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw classifyPostgresError(error, this.#config);
    }
  }

  async serverVersion(): Promise<string> {
    return this.#run(async () => {
      const result = await this.#client.query<{ v: string }>(
        "SELECT 'PostgreSQL ' || current_setting('server_version') AS v",
      );
      return (result.rows[0]?.v ?? 'PostgreSQL').replace(/ \(.*\)$/, '');
    });
  }

  async serverIdentity(): Promise<ServerIdentity> {
    return this.#run(async () => {
      let server: string;
      try {
        // One round trip in the usual case: the cluster's id and the database's OID together.
        const both = await this.#client.query<{ id: string; oid: string }>(
          `SELECT s.system_identifier::text AS id, d.oid::text AS oid
             FROM pg_control_system() s, pg_database d WHERE d.datname = current_database()`,
        );
        server = `${both.rows[0]?.id ?? ''}/${both.rows[0]?.oid ?? this.#config.database}`;
      } catch {
        // EXECUTE revoked on a hardened server: fall back to where we connected (weaker, but stable).
        const database = await this.#client.query<{ oid: string }>(
          'SELECT oid::text AS oid FROM pg_database WHERE datname = current_database()',
        );
        server = `${this.#config.host}:${this.#config.port}/${database.rows[0]?.oid ?? this.#config.database}`;
      }
      return { dialect: this.dialect.name, server, caseInsensitiveNames: false };
    });
  }

  listSchemas(): Promise<string[]> {
    return this.#run(() => listPostgresSchemas(this.#client));
  }

  listTables(schema: string) {
    return this.#run(() => listPostgresTables(this.#client, schema));
  }

  rowEstimate(table: TableRef) {
    return this.#run(() => postgresRowEstimate(this.#client, table));
  }

  describeTable(table: TableRef) {
    return this.#run(async () => {
      const shape = await describePostgresTable(this.#client, table);
      if (shape?.plain) this.#plainTables.add(`${table.schema}\u0000${table.table}`);
      return shape?.columns ?? null;
    });
  }

  #isPlain(table: TableRef): boolean {
    return this.#plainTables.has(`${table.schema}\u0000${table.table}`);
  }

  schemaExists(schema: string) {
    return this.#run(() => postgresSchemaExists(this.#client, schema));
  }

  async execute(sql: string): Promise<void> {
    await this.#run(() => this.#client.query(sql));
  }

  query(sql: string, params: unknown[]): Promise<QueryResult> {
    return this.#run(async () => {
      const result = await this.#client.query(sql, params);
      return { rows: result.rows as Array<Record<string, unknown>>, affectedRows: result.rowCount ?? 0 };
    });
  }

  async countRows(table: TableRef): Promise<number> {
    return this.#run(async () => {
      const result = await this.#client.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${qualifyPostgres(table)}`,
      );
      return Number(result.rows[0]?.n ?? 0);
    });
  }

  begin() {
    return this.execute('BEGIN');
  }

  commit() {
    return this.execute('COMMIT');
  }

  rollback() {
    return this.execute('ROLLBACK');
  }

  tableComment(table: TableRef) {
    return this.#run(async () => {
      const result = await this.#client.query<{ comment: string | null }>(
        `SELECT obj_description(c.oid, 'pg_class') AS comment
           FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2`,
        [table.schema, table.table],
      );
      return result.rows[0]?.comment ?? null;
    });
  }

  listTablesWithPrefix(schema: string, prefix: string) {
    return this.#run(() => listPostgresTablesWithPrefix(this.#client, schema, prefix));
  }

  async lockTable(table: TableRef): Promise<() => Promise<void>> {
    const key = `pipecraft:${table.schema}.${table.table}`;
    await this.#run(() => this.#client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]));
    return async () => {
      await this.#client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
    };
  }

  async lockForRefresh(table: TableRef, options: LockWaitOptions): Promise<void> {
    const target = qualifyPostgres(table);
    const deadline = Date.now() + options.waitMs;
    let attemptMs = LOCK_ATTEMPT_MS.first;
    let pauseMs = LOCK_PAUSE_MS.first;
    let holder: string | null = null;
    for (;;) {
      await this.execute('SAVEPOINT pc_lock');
      try {
        await this.execute(`SET LOCAL lock_timeout = ${Math.round(attemptMs)}`);
        await this.execute(`LOCK TABLE ${target} IN ACCESS EXCLUSIVE MODE`);
        await this.execute('SET LOCAL lock_timeout = 0');
        await this.execute('RELEASE SAVEPOINT pc_lock');
        if (holder) options.onWait?.(null);
        return;
      } catch (error) {
        if (!(isEngineError(error) && error.cause && errorCode(error.cause) === '55P03')) throw error;
        await this.execute('ROLLBACK TO SAVEPOINT pc_lock');
      }
      holder = await this.#lockHolder(table).catch(() => null);
      const waiting = `a lock on ${table.schema}.${table.table}${holder ? ` held by ${holder}` : ' held by another session'}`;
      if (Date.now() + pauseMs > deadline) {
        throw new EngineError(
          'LOCK_TIMEOUT',
          `Gave up after waiting ${formatWait(options.waitMs)} for ${waiting}. Nothing was changed; end that transaction or raise the lock wait, then run again.`,
        );
      }
      options.onWait?.(`Waiting for ${waiting}.`);
      await sleep(pauseMs, options.signal);
      attemptMs = Math.min(attemptMs * 2, LOCK_ATTEMPT_MS.max);
      pauseMs = Math.min(pauseMs * 2, LOCK_PAUSE_MS.max);
    }
  }

  /** "pid 123 (user alice, query started 2026-…: SELECT …)", as far as the server tells us. */
  async #lockHolder(table: TableRef): Promise<string | null> {
    const result = await this.#client.query<{
      pid: number;
      usename: string | null;
      query_start: Date | null;
      query: string | null;
      state: string | null;
    }>(
      `SELECT a.pid, a.usename, a.query_start, left(a.query, 120) AS query, a.state
         FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
        WHERE l.granted AND l.pid <> pg_backend_pid()
          AND l.relation = (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = $1 AND c.relname = $2)
        ORDER BY a.query_start NULLS LAST LIMIT 1`,
      [table.schema, table.table],
    );
    const row = result.rows[0];
    if (!row) return null;
    const details = [
      row.usename ? `user ${row.usename}` : null,
      row.query_start ? `query started ${row.query_start.toISOString()}` : null,
      row.state ? `state ${row.state}` : null,
      row.query ? `last query: ${row.query.replace(/\s+/g, ' ')}` : null,
    ].filter(Boolean);
    return `pid ${row.pid}${details.length ? ` (${details.join(', ')})` : ''}`;
  }

  async *readBatches(table: TableRef, columns: LogicalColumn[], options: ReadOptions): AsyncIterable<CellValue[][]> {
    try {
      yield* readPostgresBatches(this.#client, table, columns, options, this.#isPlain(table));
    } catch (error) {
      throw classifyPostgresError(error, this.#config);
    }
  }

  writeBatches(
    table: TableRef,
    columns: LogicalColumn[],
    batches: AsyncIterable<CellValue[][]>,
    options: WriteOptions,
  ): Promise<WriteOutcome> {
    return this.#run(() => writePostgresBatches(this.#client, table, columns, batches, options));
  }

  async copyOut(table: TableRef, columns: LogicalColumn[]): Promise<Readable> {
    return openCopyOut(this.#client, table, columns, this.#isPlain(table));
  }

  copyIn(table: TableRef, columns: LogicalColumn[], source: Readable, onRows: (rows: number) => void): Promise<number> {
    return this.#run(() => copyPostgresRaw(this.#client, table, columns, source, onRows));
  }

  async cancelStatement(): Promise<void> {
    // Read before any await: the caller destroys this session right after calling us.
    const pid = (this.#client as unknown as { processID: number | null }).processID;
    if (pid === null) return;
    const admin = await connectPostgres(this.dialect, this.#config);
    try {
      if (!(admin instanceof PostgresSession)) throw new Error('unexpected session type');
      await admin.#client.query('SELECT pg_catalog.pg_cancel_backend($1)', [pid]);
    } finally {
      await admin.close();
    }
  }

  destroy(): void {
    // Closing the socket makes the server roll back the open transaction at once.
    const connection = (this.#client as unknown as { connection?: { stream?: { destroy(): void } } }).connection;
    connection?.stream?.destroy();
    void this.#tunnel?.close();
  }

  async close(): Promise<void> {
    const ended = this.#client.end().catch(() => undefined);
    // Through a tunnel, its end waits for ours. Otherwise the Terminate message is on its way and
    // the server has nothing left to tell us: waiting for it to close the socket only waits for
    // its backend process to exit (55–120 ms measured on the shared 2-core host; a run's whole
    // incremental merge is a few hundred), so the socket finishes closing on its own.
    if (this.#tunnel) {
      await ended;
      await this.#tunnel.close();
    }
  }
}
