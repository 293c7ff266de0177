import mysql from 'mysql2';
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2';
import type { Connection as PromiseConnection } from 'mysql2/promise';
import { createHash } from 'node:crypto';
import type { ConnectionConfig, ServerIdentity, TableRef } from '../../contract.js';
import type { Dialect, DialectSession, QueryResult, ReadOptions, WriteOptions, WriteOutcome } from '../../dialect.js';
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
import net from 'node:net';
import { checkServerIdentity, TLSSocket } from 'node:tls';
import type { CellValue, LogicalColumn } from '../../types/logical-type.js';
import {
  describeMysqlTable,
  listMysqlSchemas,
  listMysqlTables,
  mysqlRowEstimate,
  listMysqlTablesWithPrefix,
  mysqlSchemaExists,
  sameMysqlName,
  twice,
} from './mysql-introspector.js';
import { readMysqlBatches } from './mysql-reader.js';
import { writeMysqlBatches } from './mysql-writer.js';
import { qualifyMysql } from './mysql-ddl.js';

/** Server errors meaning "this value does not fit": the row is rejected, not the connection. */
const DATA_ERRORS = new Set([
  'ER_TRUNCATED_WRONG_VALUE',
  'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD',
  'ER_DATA_TOO_LONG',
  'ER_WARN_DATA_OUT_OF_RANGE',
  'ER_DUP_ENTRY',
  'ER_BAD_NULL_ERROR',
  'WARN_DATA_TRUNCATED',
  'ER_INVALID_JSON_TEXT',
  'ER_CANT_CREATE_GEOMETRY_OBJECT',
  'ER_CHECK_CONSTRAINT_VIOLATED',
  'ER_WRONG_VALUE_FOR_TYPE',
  'ER_DIVISION_BY_ZERO',
  'ER_INVALID_DEFAULT',
  'ER_WRONG_VALUE',
]);

/**
 * MariaDB's CHECK violation (its ER_CONSTRAINT_FAILED, 4025, SQLSTATE 23000) by number: mysql2
 * names errors from MySQL's list, where 4025 is an unrelated InnoDB error (SQLSTATE HY000).
 */
function isMariadbCheckViolation(error: unknown): boolean {
  const { errno, sqlState } = (error ?? {}) as { errno?: unknown; sqlState?: unknown };
  return errno === 4025 && sqlState === '23000';
}

/** How long a statement of ours waits for a metadata lock another session holds. */
const METADATA_LOCK_WAIT_SECONDS = 30;

export function classifyMysqlError(error: unknown, config: ConnectionConfig): EngineError {
  if (isEngineError(error)) return error;
  const code = errorCode(error);
  const message = redact(errorMessage(error), config);
  switch (code) {
    case 'ER_DBACCESS_DENIED_ERROR':
      return new EngineError(
        'AUTH_FAILED',
        `User "${config.user}" may not access database "${config.database}" on ${config.host}:${config.port}.`,
        { cause: error },
      );
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return new EngineError(
        'AUTH_FAILED',
        `Authentication failed for user "${config.user}" on ${config.host}:${config.port} — check the user name and password.`,
        { cause: error },
      );
    case 'MYSQL_CLEAR_PASSWORD_NOT_ENABLED':
      return new EngineError(
        'INSECURE_AUTH',
        `${config.host}:${config.port} asked for the password in cleartext (mysql_clear_password) over an unencrypted connection; PipeCraft did not send it. Turn TLS on for this connection.`,
        { cause: error },
      );
    case 'ER_BAD_DB_ERROR':
      return new EngineError(
        'DATABASE_NOT_FOUND',
        `Database "${config.database}" does not exist on ${config.host}:${config.port}.`,
        { cause: error },
      );
    case 'ER_NO_SUCH_TABLE':
      return new EngineError('TABLE_NOT_FOUND', message, { cause: error });
    case 'ER_LOCK_WAIT_TIMEOUT':
      return new EngineError(
        'LOCK_TIMEOUT',
        `Gave up after waiting ${METADATA_LOCK_WAIT_SECONDS} s for a lock on ${config.host}:${config.port}: another session holds the table (a running ALTER, DROP, LOCK TABLES or long transaction). ${message}`,
        { cause: error },
      );
    case 'ER_LOCK_DEADLOCK':
      return new EngineError('DEADLOCK', `MySQL aborted the transaction to resolve a deadlock: ${message}`, {
        cause: error,
      });
    case 'ER_TABLEACCESS_DENIED_ERROR':
    case 'ER_COLUMNACCESS_DENIED_ERROR':
    case 'ER_SPECIFIC_ACCESS_DENIED_ERROR':
    case 'ER_PROCACCESS_DENIED_ERROR':
      // The server's message names the command and the object: `SELECT command denied to user … for table …`.
      return new EngineError('PERMISSION_DENIED', `MySQL refused: ${message}`, { cause: error });
    case 'PROTOCOL_CONNECTION_LOST':
    case 'ER_CONNECTION_KILLED':
    case 'ER_QUERY_INTERRUPTED':
    case 'ER_SERVER_SHUTDOWN':
      return new EngineError(
        'CONNECTION_LOST',
        `The MySQL connection to ${config.host}:${config.port} was lost or killed (${message}).`,
        { cause: error },
      );
  }
  if ((code && DATA_ERRORS.has(code)) || isMariadbCheckViolation(error))
    return new EngineError('ROW_REJECTED', `MySQL rejected a row: ${message}`, { cause: error });
  const tlsProblem = classifyTlsError(error, config);
  if (tlsProblem) return tlsProblem;
  const network = classifyNetworkError(error, config);
  if (network) return network;
  return new EngineError('ENGINE_ERROR', `MySQL error: ${message}`, { cause: error });
}

export async function connectMysql(dialect: Dialect, config: ConnectionConfig): Promise<DialectSession> {
  const tls = tlsOptionsOf(config);
  const tunnel = await openSshTunnel(config);
  const connection = mysql.createConnection({
    // mysql2 checks TLS against `host`, so through a tunnel it keeps the database's name and the
    // socket is handed over ready-made, connected to the tunnel's local end.
    host: config.host,
    port: config.port,
    ...(tunnel ? { stream: net.connect(tunnel.port, tunnel.host) } : {}),
    database: config.database,
    user: config.user,
    password: config.password ?? undefined,
    connectTimeout: connectTimeoutOf(config),
    charset: 'utf8mb4',
    // Values stay text: no 64-bit integer, decimal or date ever passes through a JS number or Date.
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    dateStrings: true,
    jsonStrings: true,
    timezone: 'Z',
    multipleStatements: false,
    flags: ['+LOCAL_FILES'],
    // mysql_clear_password sends the password as is: only inside TLS (mysql2 refuses it otherwise,
    // said explicitly here so a default change upstream cannot reopen it).
    enableCleartextPlugin: tls !== null,
    ...(tls
      ? {
          ssl: {
            ca: tls.ca as string | undefined,
            cert: tls.cert as string | undefined,
            key: tls.key as string | undefined,
            rejectUnauthorized: tls.rejectUnauthorized ?? true,
            // mysql2 checks the name only for DNS hosts (for an IP it would check "localhost"):
            // an IP is checked exactly below, once the handshake is done.
            verifyIdentity: config.tls?.mode === 'verify-full' && net.isIP(config.host) === 0,
          },
        }
      : {}),
  });
  // A connection killed while idle emits 'error'; without a listener that kills the process.
  connection.on('error', () => undefined);
  const promise = connection.promise();
  try {
    await withConnectTimeout(
      config,
      new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve()))),
      () => connection.destroy(),
    );
    if (config.tls?.mode === 'verify-full' && net.isIP(config.host) !== 0) assertPeerNamesIp(connection, config);
    // UTC so TIMESTAMP reads and writes are instants in UTC; strict so a bad value is an error,
    // NO_AUTO_VALUE_ON_ZERO so a copied 0 in an AUTO_INCREMENT column stays 0.
    // lock_wait_timeout defaults to a day: a metadata-lock wait (behind an ALTER, DROP or an open
    // LOCK TABLES elsewhere) would hang discovery and the swap; fail after a bounded wait instead.
    await promise.query(
      "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO', lock_wait_timeout = ?",
      [METADATA_LOCK_WAIT_SECONDS],
    );
  } catch (error) {
    connection.destroy();
    await tunnel?.close();
    throw classifyMysqlError(error, config);
  }
  return new MysqlSession(dialect, connection, promise, config, tunnel);
}

/** verify-full to an IP address: the server certificate must list that IP (mysql2 cannot check it). */
function assertPeerNamesIp(connection: Connection, config: ConnectionConfig): void {
  const socket = (connection as unknown as { stream?: unknown }).stream;
  const problem =
    socket instanceof TLSSocket
      ? checkServerIdentity(config.host, socket.getPeerCertificate())
      : new Error('the connection is not encrypted');
  if (problem)
    throw Object.assign(problem, { code: (problem as NodeJS.ErrnoException).code ?? 'ERR_TLS_CERT_ALTNAME_INVALID' });
}

class MysqlSession implements DialectSession {
  readonly dialect: Dialect;
  readonly #connection: Connection;
  readonly #promise: PromiseConnection;
  readonly #config: ConnectionConfig;
  #localInfile: boolean | null = null;

  readonly #tunnel: SshTunnel | null;

  constructor(
    dialect: Dialect,
    connection: Connection,
    promise: PromiseConnection,
    config: ConnectionConfig,
    tunnel: SshTunnel | null,
  ) {
    this.dialect = dialect;
    this.#connection = connection;
    this.#promise = promise;
    this.#config = config;
    this.#tunnel = tunnel;
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw classifyMysqlError(error, this.#config);
    }
  }

  serverVersion(): Promise<string> {
    return this.#run(async () => {
      const [rows] = await this.#promise.query<RowDataPacket[]>('SELECT VERSION() AS v');
      return String(rows[0]?.v ?? 'MySQL');
    });
  }

  serverIdentity(): Promise<ServerIdentity> {
    return this.#run(async () => {
      // MariaDB has no server_uuid: SHOW VARIABLES answers with no row instead of failing.
      const [uuid] = await this.#promise.query<RowDataPacket[]>("SHOW VARIABLES LIKE 'server_uuid'");
      const [rows] = await this.#promise.query<RowDataPacket[]>(
        'SELECT @@hostname AS host, @@port AS port, @@lower_case_table_names AS lctn',
      );
      const row = rows[0];
      const serverUuid = uuid[0]?.Value ? String(uuid[0].Value) : null;
      return {
        dialect: this.dialect.name,
        server: serverUuid ?? `${String(row?.host)}:${String(row?.port)}`,
        caseInsensitiveNames: Number(row?.lctn ?? 0) !== 0,
      };
    });
  }

  listSchemas() {
    return this.#run(() => listMysqlSchemas(this.#promise));
  }

  listTables(schema: string) {
    return this.#run(() => listMysqlTables(this.#promise, schema));
  }

  rowEstimate(table: TableRef) {
    return this.#run(() => mysqlRowEstimate(this.#promise, table));
  }

  describeTable(table: TableRef) {
    return this.#run(() => describeMysqlTable(this.#promise, table));
  }

  schemaExists(schema: string) {
    return this.#run(() => mysqlSchemaExists(this.#promise, schema));
  }

  async execute(sql: string): Promise<void> {
    await this.#run(() => this.#promise.query(sql));
  }

  query(sql: string, params: unknown[]): Promise<QueryResult> {
    return this.#run(async () => {
      const [result] = await this.#promise.query(sql, params);
      return Array.isArray(result)
        ? { rows: result as Array<Record<string, unknown>>, affectedRows: 0 }
        : { rows: [], affectedRows: (result as ResultSetHeader).affectedRows };
    });
  }

  countRows(table: TableRef): Promise<number> {
    return this.#run(async () => {
      const [rows] = await this.#promise.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${qualifyMysql(table)}`);
      return Number(rows[0]?.n ?? 0);
    });
  }

  async begin() {
    // READ COMMITTED, as PostgreSQL's default: a merge's `INSERT … SELECT` / `CREATE … SELECT`
    // from the live table then reads it consistently instead of share-locking every row it scans
    // (REPEATABLE READ would make it wait on any other session's uncommitted row, and gap-lock
    // the keys it probes). Applies to the next transaction only.
    await this.execute('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    await this.execute('START TRANSACTION');
  }

  commit() {
    return this.execute('COMMIT');
  }

  rollback() {
    return this.execute('ROLLBACK');
  }

  tableComment(table: TableRef) {
    return this.#run(async () => {
      const [rows] = await this.#promise.query<RowDataPacket[]>(
        `SELECT TABLE_COMMENT AS comment FROM information_schema.TABLES
          WHERE ${sameMysqlName('TABLE_SCHEMA')} AND ${sameMysqlName('TABLE_NAME')}`,
        [...twice(table.schema), ...twice(table.table)],
      );
      const comment = rows[0]?.comment as string | undefined;
      return comment ? comment : null;
    });
  }

  listTablesWithPrefix(schema: string, prefix: string) {
    return this.#run(() => listMysqlTablesWithPrefix(this.#promise, schema, prefix));
  }

  async lockTable(table: TableRef): Promise<() => Promise<void>> {
    // GET_LOCK names are limited to 64 characters: hash the table address.
    const name = `pipecraft:${createHash('sha1').update(`${table.schema}\u0000${table.table}`).digest('hex')}`;
    const [rows] = await this.#run(() => this.#promise.query<RowDataPacket[]>('SELECT GET_LOCK(?, 60) AS got', [name]));
    if (Number(rows[0]?.got) !== 1)
      throw new EngineError(
        'ENGINE_ERROR',
        `Another run is writing ${table.schema}.${table.table}; gave up waiting after 60 s.`,
      );
    return async () => {
      await this.#promise.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
    };
  }

  async *readBatches(table: TableRef, columns: LogicalColumn[], options: ReadOptions): AsyncIterable<CellValue[][]> {
    try {
      yield* readMysqlBatches(this.#connection, table, columns, options);
    } catch (error) {
      throw classifyMysqlError(error, this.#config);
    }
  }

  async writeBatches(
    table: TableRef,
    columns: LogicalColumn[],
    batches: AsyncIterable<CellValue[][]>,
    options: WriteOptions,
  ): Promise<WriteOutcome> {
    if (this.#localInfile === null) {
      const [rows] = await this.#run(() => this.#promise.query<RowDataPacket[]>('SELECT @@GLOBAL.local_infile AS v'));
      this.#localInfile = Number(rows[0]?.v) === 1;
    }
    const localInfile = this.#localInfile;
    return this.#run(() => writeMysqlBatches(this.#connection, table, columns, batches, { ...options, localInfile }));
  }

  async cancelStatement(): Promise<void> {
    // Read before any await: the caller destroys this session right after calling us.
    const threadId = this.#connection.threadId;
    if (!threadId) return;
    const admin = await connectMysql(this.dialect, this.#config);
    try {
      if (!(admin instanceof MysqlSession)) throw new Error('unexpected session type');
      // KILL takes no placeholders server-side; mysql2 inlines the integer, escaped.
      await admin.#promise.query('KILL QUERY ?', [threadId]);
    } catch (error) {
      // ER_NO_SUCH_THREAD: the statement (and the thread) already ended, which is what we wanted.
      if ((error as { code?: string }).code !== 'ER_NO_SUCH_THREAD') throw error;
    } finally {
      await admin.close();
    }
  }

  destroy(): void {
    // mysql2's destroy() only half-closes the socket (FIN); a server thread blocked writing a
    // result we stopped reading would then hold its locks until net_write_timeout (60 s).
    // Destroying the socket resets it, so the server gives up at once; mysql2 then fails every
    // pending command with PROTOCOL_CONNECTION_LOST (it would not if we called destroy() first).
    const socket = (this.#connection as unknown as { stream?: { destroy(): void } }).stream;
    if (socket) socket.destroy();
    else this.#connection.destroy();
    void this.#tunnel?.close();
  }

  async close(): Promise<void> {
    await this.#promise.end().catch(() => this.#connection.destroy());
    await this.#tunnel?.close();
  }
}
