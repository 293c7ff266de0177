/**
 * The sync engine's public contract: what `@pipecraft/api` (and anything else) may call.
 * Everything here is dialect-neutral; dialect specifics live in `src/dialects/<name>/`.
 *
 * The engine never reads `process.env`: callers pass everything in.
 */

import type { DialectName } from './dialects/dialect-names.js';
import type { TlsMode } from './tls-modes.js';
import type { ValuePolicy, ValueWarning } from './values/value-policies.js';
import type { Watermark } from './watermark.js';
import type { SchemaChange, SchemaChangeAction, SchemaChangeKind } from './schema-changes.js';

export type {
  DialectName,
  TlsMode,
  ValuePolicy,
  ValueWarning,
  Watermark,
  SchemaChange,
  SchemaChangeAction,
  SchemaChangeKind,
};

/** TLS settings of one connection. PEM texts are already decrypted by the caller. */
export interface TlsConfig {
  /** See `TLS_MODES`; `disable` when absent. */
  mode: TlsMode;
  /** PEM of the CA(s) the server certificate must chain to; required for `verify-ca`/`verify-full`, else the system CAs. */
  caCert?: string | null;
  /** PEM client certificate, for servers that authenticate clients by certificate. */
  clientCert?: string | null;
  /** PEM private key of `clientCert`. Never logged. */
  clientKey?: string | null;
}

/** An SSH tunnel through a bastion, opened for each session and closed with it. */
export interface SshTunnelConfig {
  host: string;
  /** Default 22. */
  port: number;
  user: string;
  /** PEM/OpenSSH private key; one of `privateKey` or `password` is needed. */
  privateKey?: string | null;
  /** Passphrase of an encrypted `privateKey`. */
  passphrase?: string | null;
  password?: string | null;
  /**
   * The bastion's host key, pinned: `SHA256:<base64>` as `ssh-keygen -lf` prints it. Required: a
   * tunnel to an unverified bastion would hand it the database password.
   */
  hostKeyFingerprint: string;
}

/** How to reach one user database (a source or a destination). */
export interface ConnectionConfig {
  /** Which engine family; MariaDB uses `mysql`. */
  dialect: DialectName;
  host: string;
  port: number;
  /** The database to connect to (PostgreSQL database; MySQL default schema). */
  database: string;
  user: string;
  /** Plain-text password, already decrypted by the caller. Never logged by the engine. */
  password?: string | null;
  /** Upper bound for establishing a connection, in ms. Default `DEFAULT_CONNECT_TIMEOUT_MS` (10 000). */
  connectTimeoutMs?: number;
  /**
   * TLS to the database; absent = `disable`. Without TLS the drivers refuse to send the password in
   * cleartext (PostgreSQL `password` auth, MySQL `mysql_clear_password`): error `INSECURE_AUTH`.
   */
  tls?: TlsConfig | null;
  /** Reach `host:port` through this bastion (the database's host is resolved by the bastion); absent = direct. */
  ssh?: SshTunnelConfig | null;
}

/**
 * The server behind a connection, as it identifies itself (`serverIdentity`). Compare tables with
 * `tableIdentity`, which applies the server's identifier truncation and case folding.
 */
export interface ServerIdentity {
  dialect: DialectName;
  /**
   * Equal for two connections exactly when they reach the same namespace of schemas: PostgreSQL
   * `<system_identifier>/<database OID>`, MySQL `<@@server_uuid>` or (MariaDB) `<@@hostname>:<@@port>`.
   */
  server: string;
  /** Schema and table names compare case-insensitively (MySQL `lower_case_table_names` 1 or 2). */
  caseInsensitiveNames: boolean;
}

/** Result of a successful connectivity test. */
export interface ConnectionTestResult {
  /** The server's own version string, e.g. `PostgreSQL 15.19` or `10.11.19-MariaDB`. */
  serverVersion: string;
  /** Round trip of connect + version query, in ms. */
  latencyMs: number;
}

/** One table (or view) as discovered in a schema. */
export interface TableInfo {
  name: string;
  kind: 'table' | 'view';
  /** The server's statistics estimate; `null` when the server has none. Not an exact count. */
  rowEstimate: number | null;
  /** Bytes on disk (data and indexes) as the catalog reports them; `null` for a view or when unknown. */
  sizeBytes: number | null;
}

/** One column as discovered. */
export interface ColumnInfo {
  name: string;
  /** The type as the server spells it, e.g. `numeric(12,2)`, `int(10) unsigned`, `character varying(64)`. */
  nativeType: string;
  nullable: boolean;
  /** 1-based position in the primary key, or `null` when the column is not part of it. */
  primaryKeyPosition: number | null;
  /** The default expression as the server reports it, or `null`. */
  default: string | null;
}

/** A table address inside one connection. */
export interface TableRef {
  schema: string;
  table: string;
}

/** A column whose destination type cannot hold every source value exactly. */
export interface LossyColumn {
  column: string;
  sourceType: string;
  destinationType: string;
  /** Human-readable reason shown to the user before the run. */
  reason: string;
}

/** What a run will do, computed without changing anything. */
export interface SyncPlan {
  /** Whether the destination table exists already. */
  destinationExists: boolean;
  /** The statement the run executes first when the destination schema is missing and the sync may create it; else null. */
  createSchemaDdl: string | null;
  /** The CREATE TABLE statement the run will execute when the destination is missing (also shown in the UI). */
  createTableDdl: string;
  /** Destination column list with their types (planned or existing). */
  columns: Array<{
    name: string;
    sourceType: string;
    destinationType: string;
    nullable: boolean;
    primaryKeyPosition: number | null;
  }>;
  /** Columns where meaning can be lost, each with a reason. */
  lossyColumns: LossyColumn[];
  /**
   * For an existing destination: columns that do not match (missing, or incompatible type).
   * Non-empty means a run would fail before touching anything.
   */
  mismatches: Array<{ column: string; problem: string }>;
  /** When the plan was asked for a write mode: what its first and its following runs do, in words. */
  runs?: { first: string; next: string };
}

// `SyncRequest` (and the `WriteMode` name) live in `sync-request.ts`: the write-mode names derive
// from the write-mode list, whose modes import this file, so keeping them here would be a cycle.

export interface SyncResult {
  rowsRead: number;
  rowsWritten: number;
  /** Rows added to the destination. */
  rowsInserted: number;
  /** Existing destination rows whose values changed (merge modes; identical rows are not counted; a full refresh counts its rows as inserted). */
  rowsUpdated: number;
  /** Destination rows deleted or soft-deleted (`full_merge` with delete-missing). */
  rowsDeleted: number;
  /**
   * Incremental modes: the watermark the destination now holds (written in the same transaction
   * as the rows); the caller saves it for the next run. Absent for modes without one.
   */
  watermark?: Watermark | null;
  /** Whether the destination table was created by this run. */
  createdTable: boolean;
  /** Values changed under a declared policy (e.g. NUL stripped), worded for people; empty when none. */
  warnings: string[];
  /** The same, structured: one entry per column and policy, with a count and the first row's key. */
  valueWarnings: ValueWarning[];
  /**
   * How the source's columns had drifted from the destination's and what the drift policy did
   * (the `Schema drift: …` warnings, structured); empty when nothing had.
   */
  schemaChanges: SchemaChange[];
  /**
   * How the rows travelled (optional, informational): `copy-passthrough` (PostgreSQL COPY bytes piped
   * unchanged), or the destination writer's own name for its path — today `copy` (COPY FROM STDIN),
   * `load-data` (MySQL LOAD DATA LOCAL INFILE) or `insert` (multi-row INSERT, when the server
   * forbids local infile). A string, so a new dialect's write path needs no edit here.
   */
  method?: string;
}

/** Stable machine-readable error codes; `@pipecraft/api` maps them to tRPC errors in one table. */
export type EngineErrorCode =
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_TIMEOUT'
  | 'AUTH_FAILED'
  | 'INSECURE_AUTH'
  | 'TLS_FAILED'
  | 'SSH_FAILED'
  | 'DATABASE_NOT_FOUND'
  | 'HOST_NOT_FOUND'
  | 'SCHEMA_NOT_FOUND'
  | 'TABLE_NOT_FOUND'
  | 'TYPE_UNSUPPORTED'
  | 'DESTINATION_MISMATCH'
  | 'ROW_REJECTED'
  | 'ROW_COUNT_MISMATCH'
  /** The sync's mode options do not fit the tables (no key for a merge, a cursor of the wrong type, …). */
  | 'SYNC_OPTIONS_INVALID'
  | 'ABORTED'
  /** Another session held a lock on the destination table for longer than the run's lock-wait bound. */
  | 'LOCK_TIMEOUT'
  /** The database session was killed or its connection dropped mid-run. */
  | 'CONNECTION_LOST'
  /** The server chose this session as a deadlock victim (or could not serialise it); the same work may succeed when tried again. */
  | 'DEADLOCK'
  /** The user lacks a privilege on the named object. */
  | 'PERMISSION_DENIED'
  | 'ENGINE_ERROR';
