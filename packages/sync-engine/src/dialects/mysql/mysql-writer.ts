import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import type { TableRef } from '../../contract.js';
import type { WriteOptions, WriteOutcome } from '../../dialect.js';
import { EngineError } from '../../engine-error.js';
import type { CellValue, LogicalColumn, LogicalType } from '../../types/logical-type.js';
import { qualifyMysql, quoteMysqlIdentifier } from './mysql-ddl.js';

/** Escapes `LOAD DATA … FIELDS ESCAPED BY '\\'` understands (it does not know \f or \v). */
const NEEDS_ESCAPE = /[\\\t\n\r\0]/;

/**
 * The regex test is the fast path (most values need nothing); the rewrite is a character loop,
 * about twice as fast as `replace` with a callback on this hot path.
 */
export function escapeTsv(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  let out = '';
  let last = 0;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code > 0x5c) continue;
    let replacement: string;
    if (code === 0x5c) replacement = '\\\\';
    else if (code === 0x09) replacement = '\\t';
    else if (code === 0x0a) replacement = '\\n';
    else if (code === 0x0d) replacement = '\\r';
    else if (code === 0x00) replacement = '\\0';
    else continue;
    out += value.slice(last, i) + replacement;
    last = i + 1;
  }
  return out + value.slice(last);
}

/** How a destination column receives its value: straight, or through a user variable and a function. */
function loadTarget(
  logical: LogicalType,
): { kind: 'direct' } | { kind: 'hex'; expression: (variable: string) => string } | { kind: 'wkt' } {
  if (logical.kind === 'bytes') return { kind: 'hex', expression: (variable) => `UNHEX(${variable})` };
  if (logical.kind === 'bit')
    return { kind: 'hex', expression: (variable) => `CAST(CONV(${variable}, 16, 10) AS UNSIGNED)` };
  if (logical.kind === 'geometry') return { kind: 'wkt' };
  return { kind: 'direct' };
}

/** The canonical geometry (`SRID=4326;POINT(1 2)` or plain WKT) in `variable`, as a geometry with that SRID. */
function geometryFromEwkt(variable: string): string {
  return (
    `IF(${variable} LIKE 'SRID=%', ST_GeomFromText(SUBSTRING(${variable}, LOCATE(';', ${variable}) + 1), ` +
    `SUBSTRING(${variable}, 6, LOCATE(';', ${variable}) - 6)), ST_GeomFromText(${variable}))`
  );
}

/** `SRID=4326;POINT(1 2)` → [`POINT(1 2)`, 4326]; plain WKT has SRID 0. */
export function splitEwkt(value: string): [string, number] {
  const match = /^SRID=(\d+);/.exec(value);
  return match ? [value.slice(match[0].length), Number(match[1])] : [value, 0];
}

function loadDataSql(table: TableRef, columns: LogicalColumn[]): string {
  const targets: string[] = [];
  const sets: string[] = [];
  columns.forEach((column, index) => {
    const target = loadTarget(column.logical);
    const name = quoteMysqlIdentifier(column.name);
    if (target.kind === 'direct') {
      targets.push(name);
      return;
    }
    const variable = `@pc${index}`;
    targets.push(variable);
    sets.push(`${name} = ${target.kind === 'hex' ? target.expression(variable) : geometryFromEwkt(variable)}`);
  });
  return (
    `LOAD DATA LOCAL INFILE 'pipecraft-stream' INTO TABLE ${qualifyMysql(table)} CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${targets.join(', ')})` +
    (sets.length > 0 ? ` SET ${sets.join(', ')}` : '')
  );
}

/** Encode one non-null cell as a LOAD DATA field for a destination column. */
type TsvEncoder = (value: Exclude<CellValue, null>) => string;

/**
 * Kinds whose canonical text is digits, signs, `.`, `:`, `-`, `e`, spaces and letters only (see
 * types/logical-type.ts): it can never hold a tab, newline, CR, NUL or backslash, so the escape
 * scan is skipped for them.
 */
const PLAIN_KINDS: ReadonlySet<LogicalType['kind']> = new Set([
  'int',
  'decimal',
  'float',
  'bool',
  'date',
  'time',
  'timestamp',
  'year',
  'uuid',
]);

function hexEncoder(value: Exclude<CellValue, null>): string {
  return typeof value === 'string' ? Buffer.from(value, 'utf8').toString('hex') : value.toString('hex');
}

function plainEncoder(value: Exclude<CellValue, null>): string {
  return typeof value === 'string' ? value : escapeTsv(value.toString('utf8'));
}

function textEncoder(value: Exclude<CellValue, null>): string {
  return escapeTsv(typeof value === 'string' ? value : value.toString('utf8'));
}

/**
 * A FLOAT column takes the float32 value itself: MySQL checks a FLOAT's range on the decimal text
 * before rounding, so the float32 maximum printed shortest (`3.4028235e38`, a hair above it) is
 * refused. Rounding to float32 here (as the server would) and printing that double exactly keeps
 * every value and passes the check. NaN/±Infinity pass through (the server refuses them).
 */
export function float32Text(value: string): string {
  const number = Number(value);
  return Number.isFinite(number) ? String(Math.fround(number)) : value;
}

function float32Encoder(value: Exclude<CellValue, null>): string {
  return float32Text(typeof value === 'string' ? value : value.toString('utf8'));
}

/** Chosen once per column from the plan, so the row loop does no per-value type dispatch. */
export function tsvEncoder(logical: LogicalType): TsvEncoder {
  if (logical.kind === 'bytes' || logical.kind === 'bit') return hexEncoder;
  if (logical.kind === 'float' && logical.bits === 32) return float32Encoder;
  return PLAIN_KINDS.has(logical.kind) ? plainEncoder : textEncoder;
}

/**
 * Rows are gathered into one string of about this many UTF-16 units before a single
 * Buffer.from (one native call per chunk, not per row). 128K was measured too: no faster, and
 * the MySQL→MySQL peak RSS rose at 5 M rows (docs/performance.md).
 */
const CHUNK_CHARS = 64 * 1024;
/** Stop producing while the socket already holds this much unsent data. */
const SOCKET_HIGH_WATER = 1024 * 1024;

function socketOf(connection: Connection): NodeJS.WritableStream & { writableLength: number } {
  return (connection as unknown as { stream: NodeJS.WritableStream & { writableLength: number } }).stream;
}

/**
 * LOAD DATA LOCAL INFILE fed from a stream (mysql2's infileStreamFactory). mysql2 does not apply
 * write backpressure to that stream, so the generator waits for the socket to drain itself.
 */
async function loadData(
  connection: Connection,
  table: TableRef,
  columns: LogicalColumn[],
  batches: AsyncIterable<CellValue[][]>,
  options: WriteOptions,
): Promise<WriteOutcome> {
  const socket = socketOf(connection);
  let rows = 0;
  const width = columns.length;
  const encoders = columns.map((column) => tsvEncoder(column.logical));
  async function* chunks(): AsyncGenerator<Buffer> {
    let text = '';
    for await (const batch of batches) {
      for (const row of batch) {
        // One string per row, appended once: keeps the chunk's rope shallow.
        let line = '';
        for (let i = 0; i < width; i += 1) {
          const value = row[i] ?? null;
          if (i > 0) line += '\t';
          line += value === null ? '\\N' : encoders[i]!(value);
        }
        text += line + '\n';
        if (text.length >= CHUNK_CHARS) {
          yield Buffer.from(text, 'utf8');
          text = '';
          // mysql2 writes the infile stream to the socket without honouring its backpressure.
          if (socket.writableLength > SOCKET_HIGH_WATER) await once(socket, 'drain');
        }
      }
      rows += batch.length;
      options.onRows?.(rows);
    }
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const result = await new Promise<ResultSetHeader>((resolve, reject) => {
    connection.query<ResultSetHeader>(
      { sql: loadDataSql(table, columns), infileStreamFactory: () => Readable.from(chunks(), { objectMode: false }) },
      (error, header) => (error ? reject(error) : resolve(header)),
    );
  });
  // With LOCAL, the server turns data errors into warnings and carries on (MySQL manual,
  // "LOAD DATA": "with LOCAL … errors become warnings"). Any warning means a changed value.
  if (result.warningStatus > 0) {
    const warnings = await new Promise<RowDataPacket[]>((resolve, reject) => {
      connection.query<RowDataPacket[]>('SHOW WARNINGS LIMIT 3', (error, found) =>
        error ? reject(error) : resolve(found),
      );
    });
    const text = warnings.map((warning) => String(warning.Message)).join('; ');
    throw new EngineError(
      'ROW_REJECTED',
      `MySQL rejected ${result.warningStatus} value(s) while loading ${table.table}: ${text}`,
    );
  }
  return { rowsWritten: result.affectedRows, warnings: [], method: 'load-data' };
}

/** Multi-row INSERT, for servers that forbid LOCAL INFILE. At most 60 000 placeholders a statement. */
async function insertRows(
  connection: Connection,
  table: TableRef,
  columns: LogicalColumn[],
  batches: AsyncIterable<CellValue[][]>,
  options: WriteOptions,
): Promise<WriteOutcome> {
  const paramsPerRow = columns.length + columns.filter((column) => column.logical.kind === 'geometry').length;
  const rowsPerStatement = Math.max(1, Math.min(1000, Math.floor(60_000 / paramsPerRow)));
  const placeholders = columns
    .map((column) => (column.logical.kind === 'geometry' ? 'ST_GeomFromText(?, ?)' : '?'))
    .join(', ');
  // Per column, how a cell becomes its parameters: geometry as WKT and SRID, FLOAT as its float32.
  const toParams = columns.map((column): ((value: CellValue) => unknown[]) => {
    if (column.logical.kind === 'geometry') return (value) => (value === null ? [null, 0] : splitEwkt(String(value)));
    if (column.logical.kind === 'float' && column.logical.bits === 32)
      return (value) => [value === null ? null : float32Text(String(value))];
    return (value) => [value];
  });
  const prefix = `INSERT INTO ${qualifyMysql(table)} (${columns.map((column) => quoteMysqlIdentifier(column.name)).join(', ')}) VALUES `;
  let written = 0;
  let pending: CellValue[][] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const sql = prefix + pending.map(() => `(${placeholders})`).join(', ');
    const values = pending.flatMap((row) => row.flatMap((value, index) => toParams[index]!(value ?? null)));
    pending = [];
    const header = await new Promise<ResultSetHeader>((resolve, reject) => {
      connection.query<ResultSetHeader>(sql, values, (error, result) => (error ? reject(error) : resolve(result)));
    });
    written += header.affectedRows;
    options.onRows?.(written);
  };
  for await (const batch of batches) {
    for (const row of batch) {
      pending.push(row);
      if (pending.length >= rowsPerStatement) await flush();
    }
  }
  await flush();
  return { rowsWritten: written, warnings: [], method: 'insert' };
}

export async function writeMysqlBatches(
  connection: Connection,
  table: TableRef,
  columns: LogicalColumn[],
  batches: AsyncIterable<CellValue[][]>,
  options: WriteOptions & { localInfile: boolean },
): Promise<WriteOutcome> {
  return options.localInfile
    ? loadData(connection, table, columns, batches, options)
    : insertRows(connection, table, columns, batches, options);
}
