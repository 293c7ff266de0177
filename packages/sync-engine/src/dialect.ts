/**
 * What a dialect is, as types only: the registry lives in `dialects/index.ts` and the defaults in
 * `dialects/capability-defaults.ts`, so the dialect folders can import these types without the
 * contract importing them back.
 */
import type { ConnectionConfig, DialectName, ServerIdentity, TableInfo, TableRef } from './contract.js';
import type { EngineError } from './engine-error.js';
import type { CellValue, LogicalColumn, LogicalType, NativeMapping } from './types/logical-type.js';
import type { Readable } from 'node:stream';

/**
 * What a dialect's columns can hold. The shared value converter, and the *other* dialect's type
 * mapper when it words a loss, compare a source's limits with a destination's instead of asking
 * which engine is at either end. Defaults: `DEFAULT_VALUE_LIMITS` in `dialects/capability-defaults.ts`.
 */
export interface ValueLimits {
  /** Text may contain U+0000. PostgreSQL: no (NUL is stripped and reported). Default true. */
  textAllowsNul: boolean;
  /** Dates/timestamps may be `infinity`/`-infinity` or BC. MySQL: no (rejected). Default false. */
  infiniteAndBcDates: boolean;
  /** Highest year a DATE/DATETIME accepts. PostgreSQL: 294276; MySQL 9999. Default 9999 (the SQL standard's range). */
  maxYear: number;
  /** Floats may be NaN/±Infinity. MySQL: no. Default false. */
  floatSpecials: boolean;
  /** Floats keep the sign of zero (`-0`). PostgreSQL: yes; MySQL/MariaDB: no (stored as 0). Default false. */
  floatNegativeZero: boolean;
  /** DECIMAL may be NaN/±Infinity. PostgreSQL 14+: yes. Default false. */
  decimalSpecials: boolean;
  /** TIME may be negative or exceed 24 h. MySQL: yes (±838 h). Default false. */
  timeBeyondDay: boolean;
  /** DATE/DATETIME accept MySQL's zero dates (`0000-00-00`). PostgreSQL: no (NULL + warning, or rejected when NOT NULL). Default false. */
  zeroDates: boolean;
  /**
   * Binary JSON (`json` with `binary`) is read back normalised — keys reordered, duplicate keys
   * dropped — so a destination storing JSON as text gets that form, not the text once inserted.
   * PostgreSQL jsonb: true. Default false.
   */
  normalizesBinaryJson: boolean;
}

/**
 * Differences between engines, as data. Shared code branches on these flags, never on a name.
 */
export interface DialectCapabilities {
  /**
   * DDL runs inside a transaction and rolls back with it. PostgreSQL: true, so a full refresh is
   * one transaction (TRUNCATE + COPY). MySQL: false (DDL commits implicitly), so a full refresh
   * loads a staging table and swaps it in with one RENAME TABLE. Default false.
   */
  transactionalDdl: boolean;
  /**
   * The fast write path, named as the dialect's writer reports it in `WriteOutcome.method`:
   * `copy` (PostgreSQL COPY FROM STDIN), `load-data` (MySQL LOAD DATA LOCAL INFILE, INSERT fallback).
   * A string the dialect names, so a new dialect adds no union member here. Default `insert`.
   */
  bulkLoad: string;
  /**
   * Longest identifier: PostgreSQL 63 bytes (longer names are silently truncated, see
   * `Dialect.storedIdentifier`), MySQL 64 characters (longer names are refused). Default 63 (the
   * smaller; staging names are 24 characters).
   */
  maxIdentifierLength: number;
  /**
   * Whether `maxIdentifierLength` counts UTF-8 bytes (PostgreSQL's NAMEDATALEN) or characters
   * (MySQL). Default `bytes`.
   */
  identifierLengthUnit: 'bytes' | 'characters';
  /**
   * Column names compare case-insensitively, so `A` and `a` cannot both exist in one table
   * (MySQL: always). Default false.
   */
  caseInsensitiveColumnNames: boolean;
  /** Names may end with a space. MySQL: no (refused). Default true. */
  identifierTrailingSpace: boolean;
  /** Names may hold characters beyond U+FFFF (emoji). MySQL/MariaDB: no (utf8mb3 catalog). Default true. */
  identifierAstralCharacters: boolean;
  /** `schemas` — schemas live inside the connected database (PostgreSQL); `databases` — a schema is a database (MySQL). Default `schemas`. */
  schemaModel: 'schemas' | 'databases';
  /** What column values the engine can store. */
  valueLimits: ValueLimits;
}

/** An open connection to one user database; always `close()` it, also on failure. */
export interface DialectSession {
  readonly dialect: Dialect;
  serverVersion(): Promise<string>;
  /** Who the server is, as it says itself (see `ServerIdentity`); for same-table checks. */
  serverIdentity(): Promise<ServerIdentity>;
  listSchemas(): Promise<string[]>;
  listTables(schema: string): Promise<TableInfo[]>;
  /** One table's row estimate from the server's statistics (not a count); `null` when it has none. */
  rowEstimate(table: TableRef): Promise<number | null>;
  /** Columns with their logical types; `null` when the table does not exist. Throws SCHEMA_NOT_FOUND? No: a missing schema also gives `null`. */
  describeTable(table: TableRef): Promise<LogicalColumn[] | null>;
  schemaExists(schema: string): Promise<boolean>;
  /** Run one statement without parameters (DDL built by this dialect's ddl module). */
  execute(sql: string): Promise<void>;
  /** Run one statement with values bound as parameters (`$1` in PostgreSQL, `?` in MySQL). */
  query(sql: string, params: unknown[]): Promise<QueryResult>;
  /** Exact row count. Returned as a number: tables beyond 2^53 rows are out of scope. */
  countRows(table: TableRef): Promise<number>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** The table's comment (it carries the run marker, `run-marker.ts`); `null` when none or no such table. */
  tableComment(table: TableRef): Promise<string | null>;
  /** Names of tables in `schema` starting with `prefix` (leftover staging tables). */
  listTablesWithPrefix(schema: string, prefix: string): Promise<string[]>;
  /**
   * Serialise runs writing the same destination table (MySQL GET_LOCK / PostgreSQL advisory lock).
   * Returns a release function.
   */
  lockTable(table: TableRef): Promise<() => Promise<void>>;
  /**
   * Take the exclusive lock a refresh inside a transaction needs on `table`, without making the
   * table's readers queue behind a long wait: short attempts (lock_timeout), backing off between
   * them, reporting who holds the lock through `onWait`, LOCK_TIMEOUT after `waitMs`. Call inside
   * `begin()`. Absent: the dialect's DDL takes its locks itself, bounded by its own timeout.
   */
  lockForRefresh?(table: TableRef, options: LockWaitOptions): Promise<void>;
  /** Stream the table's rows in bounded batches of canonical cells, in `columns` order. */
  readBatches(table: TableRef, columns: LogicalColumn[], options: ReadOptions): AsyncIterable<CellValue[][]>;
  /** Bulk-write batches into `table`; resolves with rows written and warnings. */
  writeBatches(
    table: TableRef,
    columns: LogicalColumn[],
    batches: AsyncIterable<CellValue[][]>,
    options: WriteOptions,
  ): Promise<WriteOutcome>;
  /** Raw COPY text of the table, when the dialect can pipe it straight into itself (PostgreSQL). */
  copyOut?(table: TableRef, columns: LogicalColumn[]): Promise<Readable>;
  /** Write raw COPY text produced by `copyOut` of the same dialect; resolves with rows written. */
  copyIn?(table: TableRef, columns: LogicalColumn[], source: Readable, onRows: (rows: number) => void): Promise<number>;
  /**
   * Stop the statement this session's server is executing, from a second connection with the
   * same profile (PostgreSQL `pg_cancel_backend`, MySQL `KILL QUERY`). `destroy()` alone leaves a
   * server busy until it next talks to us: a statement waiting for a lock would keep its place in
   * the lock queue (blocking the table's readers) until the lock comes or times out. Call before
   * `destroy()`; resolves once the server has been told (best effort: rejects when it cannot be reached).
   */
  cancelStatement(): Promise<void>;
  /** Cancel whatever is running and close; used when a run is aborted or fails. */
  destroy(): void;
  close(): Promise<void>;
}

export interface LockWaitOptions {
  /** Give up with LOCK_TIMEOUT after this long, in ms. */
  waitMs: number;
  /** Called with "waiting for a lock held by …" while waiting, and with `null` once the lock is taken. */
  onWait?: ((detail: string | null) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface ReadOptions {
  /** Rows per batch. Default 1000. */
  batchSize?: number;
  /** Read a watermarked range in `(cursor, key…)` order instead of the whole table in any order. */
  range?: ReadRange;
}

/**
 * A watermarked read: `WHERE (cursor, key…) > (after…) ORDER BY cursor, key…`, the values bound as
 * parameters and compared by the source server in the columns' own types (never through a JS Date
 * or number), so rows sharing a cursor value at any batch boundary are neither lost nor repeated.
 */
export interface ReadRange {
  /** The cursor column first, then the key columns (the tiebreak). */
  orderBy: LogicalColumn[];
  /**
   * The position of the last row applied, one canonical text per `orderBy` column; `null` reads
   * from the start, rows with a NULL cursor first (they are read by such a run only).
   */
  after: string[] | null;
  /**
   * Instead of strictly after `after`: every row whose cursor is at least `after[0]` minus this
   * many seconds (temporal cursors, merge modes: catches late rows). Absent or 0: strictly after.
   */
  lookbackSeconds?: number;
}

/** What a parameterised statement returned: its rows (column name → value) and the rows it changed. */
export interface QueryResult {
  rows: Array<Record<string, unknown>>;
  affectedRows: number;
}

export interface WriteOptions {
  /** Called after each flushed chunk with the running total of rows sent. */
  onRows?: (rowsSoFar: number) => void;
}

export interface WriteOutcome {
  rowsWritten: number;
  warnings: string[];
  /** The write path taken: the dialect's `bulkLoad` name, or `insert` when it fell back to INSERT. */
  method: string;
}

/** Native type spelling → logical type, and back. */
export interface TypeMapper {
  /** Parse a native type spelling (as this dialect's DDL prints it) into a logical type. */
  toLogical(nativeType: string): LogicalType;
  /** Print a logical type as this dialect's closest native type, with a reason when lossy. */
  toNative(logical: LogicalType, context: MappingContext): NativeMapping;
}

/**
 * What a destination's type mapper knows about the column and its source. The source is described
 * by its label and limits, never its name, so a mapper words losses by comparing limits and a new
 * dialect needs no branch in the others.
 */
export interface MappingContext {
  /** The column is part of the primary key (MySQL caps indexed text at 768 characters). */
  primaryKey: boolean;
  source: {
    /** The source dialect's label for people, e.g. `MySQL / MariaDB`, used in loss wording. */
    label: string;
    limits: ValueLimits;
  };
}

/** DDL text for this dialect. Identifiers are always quoted here. */
export interface DdlBuilder {
  createTable(
    table: TableRef,
    columns: Array<{
      name: string;
      nativeType: string;
      nullable: boolean;
      primaryKeyPosition: number | null;
      checkValues?: { kind: 'in' | 'subset'; values: string[] };
    }>,
  ): string;
  createTableLike(table: TableRef, like: TableRef): string;
  /** Create the schema (a database on MySQL) unless it exists: a sync may ask its run to make it. */
  createSchemaIfMissing(schema: string): string;
  dropTable(table: TableRef): string;
  truncate(table: TableRef): string;
  /** Set the table's comment (the run marker travels in it); transactional where DDL is. */
  setComment(table: TableRef, comment: string): string;
  /** One atomic statement that moves `live` to `old` and `staging` to `live` (old absent when live does not exist). */
  swap(live: TableRef, staging: TableRef, old: TableRef | null): string;
}

/** A database engine family: a factory with no logic of its own. */
export interface Dialect {
  readonly name: DialectName;
  /** For people: `PostgreSQL`, `MySQL / MariaDB`. Shown by the UI and in loss reasons. */
  readonly label: string;
  /** The port a new connection form proposes. */
  readonly defaultPort: number;
  readonly capabilities: DialectCapabilities;
  quoteIdentifier(name: string): string;
  /**
   * The name the server stores for `name`: PostgreSQL truncates to 63 bytes (on a character
   * boundary); MySQL keeps it (it refuses names over 64 characters instead).
   */
  storedIdentifier(name: string): string;
  qualify(table: TableRef): string;
  readonly typeMapper: TypeMapper;
  readonly ddl: DdlBuilder;
  /** Statements of the merge and append modes (staging, upsert, delete-missing, run state). */
  readonly merge: MergeSqlBuilder;
  /** Open a session bounded by `connectTimeoutMs`; throws a classified EngineError. */
  connect(config: ConnectionConfig): Promise<DialectSession>;
  /** Turn a driver error into an EngineError with a message for people (never the password). */
  classifyError(error: unknown, config: ConnectionConfig): EngineError;
}

/** What a merge asks of its change set. */
export interface ChangeSetRequest {
  /** A fresh name for the change-set table(s). */
  name: string;
  /** The destination columns the staged rows carry. */
  columns: string[];
  /** The merge keys (the destination's primary key). */
  keys: string[];
  /** A soft-delete column set to NULL on every applied row (a row that came back), or `null`. */
  clear: string | null;
  /**
   * Also collect the live keys that are not staged: `hard` deletes them, `soft` sets `column` to
   * now (UTC) on those not marked yet. `null`: leave them alone.
   */
  missing: { mode: 'hard' } | { mode: 'soft'; column: string } | null;
  /** Few rows are staged (an incremental read, a small table): the planner needs their statistics to probe the live key. */
  few: boolean;
  /**
   * Where `missingKeysAside`: the name of the missing keys' table and whether a second session
   * finds them (`aside`: then it is a plain table, in `ChangeSetSql.aside`, and the staging table is shared).
   */
  missingKeys: { name: string; aside: boolean };
}

/** The statements of one merge's change set, in the order they run. */
interface ChangeSetSql {
  /** Fill the change set: new keys, existing rows that differ (or carry `clear`), missing keys if asked. */
  build: string[];
  /** Run by a second session at the same time as `build` (the missing keys, when found aside); else empty. */
  aside: string[];
  /** One row: `inserted`, `updated` — new keys and changed rows in the change set. */
  count: string;
  /** Upsert the change set's new and changed rows into the live table. */
  apply: string;
  /** Delete or mark the missing rows (its affected rows are the run's deletes); `null` if not asked. */
  removeMissing: string | null;
  /** Drop what outlives the transaction (MySQL's temporary tables, the missing keys' table); empty where nothing does. */
  drop: string[];
}

/**
 * The statements merge and append modes run, per dialect. Identifiers are quoted here; values
 * travel as parameters of `DialectSession.query` (placeholders in the text).
 */
export interface MergeSqlBuilder {
  /**
   * A session-private staging table with `columns` of `live` and no rows, dropped at the end of the
   * session (PostgreSQL: at COMMIT/ROLLBACK), indexed on `keys` where the anti-join needs it.
   * Returns the statement and the table to load into.
   */
  createStaging(
    live: TableRef,
    columns: string[],
    keys: string[],
    name: string,
    shared: boolean,
  ): { sql: string; table: TableRef };
  /**
   * Drop the staging table (MySQL keeps a temporary one until the session ends otherwise; a shared
   * one is a table like any other). `null`: nothing to do.
   */
  dropStaging(staging: TableRef, shared: boolean): string | null;
  /**
   * The missing keys of a full merge are a pass of their own (no FULL JOIN: MySQL) that a second
   * session can run alongside the change set — when the staged rows are in a *shared* staging
   * table: a plain table in the destination schema, committed before the merge's transaction
   * (`createStaging(…, shared = true)`), named with the table's merge prefix so a killed run's
   * leftovers are found. See docs/decisions/128-missing-keys-found-alongside.md.
   */
  readonly missingKeysAside: boolean;
  /**
   * The statements of a merge after its rows are staged, built around one change set: a
   * session-private table of the rows to apply, filled by one pass over the staged rows and the
   * live table (rather than one join to count, one to upsert and one to delete). See
   * docs/decisions/127-a-merge-applies-a-change-set.md.
   */
  changeSet(live: TableRef, staging: TableRef, request: ChangeSetRequest): ChangeSetSql;
  /** `ALTER TABLE … ADD` a nullable timestamp column (the soft-delete mark). */
  addTimestampColumn(table: TableRef, column: string): string;
  /** `ALTER TABLE … ADD` a nullable column of a native type (schema drift under `add_columns`). */
  addColumn(table: TableRef, column: string, nativeType: string): string;
  /** The native type of that column, for CREATE TABLE. */
  readonly timestampType: string;
  /** `CREATE TABLE IF NOT EXISTS` the run-state table (`table`: one row per destination table). */
  createStateTable(table: TableRef): string;
  /** Upsert the state row; parameters: table name, run id, watermark JSON (or NULL). */
  writeState(table: TableRef): string;
  /** Select `run_id`, `watermark` of the state row; parameter: table name. */
  readState(table: TableRef): string;
}
