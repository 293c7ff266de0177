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

export function escapeTsv(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r\0]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\0'));
}

/** How a destination column receives its value: straight, or through a user variable and a function. */
function loadTarget(logical: LogicalType): { kind: 'direct' } | { kind: 'hex'; expression: (variable: string) => string } | { kind: 'wkt' } {
  if (logical.kind === 'bytes') return { kind: 'hex', expression: (variable) => `UNHEX(${variable})` };
  if (logical.kind === 'bit') return { kind: 'hex', expression: (variable) => `CAST(CONV(${variable}, 16, 10) AS UNSIGNED)` };
  if (logical.kind === 'geometry') return { kind: 'wkt' };
  return { kind: 'direct' };
}

export function loadDataSql(table: TableRef, columns: LogicalColumn[]): string {
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
    sets.push(`${name} = ${target.kind === 'hex' ? target.expression(variable) : `ST_GeomFromText(${variable})`}`);
  });
  return (
    `LOAD DATA LOCAL INFILE 'pipecraft-stream' INTO TABLE ${qualifyMysql(table)} CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${targets.join(', ')})` +
    (sets.length > 0 ? ` SET ${sets.join(', ')}` : '')
  );
}

function encodeField(value: Exclude<CellValue, null>, logical: LogicalType): string {
  if (Buffer.isBuffer(value)) {
    return logical.kind === 'bytes' || logical.kind === 'bit' ? value.toString('hex') : escapeTsv(value.toString('utf8'));
  }
  if (logical.kind === 'bytes' || logical.kind === 'bit') return Buffer.from(value, 'utf8').toString('hex');
  return escapeTsv(value);
}

const CHUNK_BYTES = 64 * 1024;
/** Stop producing while the socket already holds this much unsent data. */
const SOCKET_HIGH_WATER = 1024 * 1024;

function socketOf(connection: Connection): NodeJS.WritableStream & { writableLength: number } {
  return (connection as unknown as { stream: NodeJS.WritableStream & { writableLength: number } }).stream;
}

/**
 * LOAD DATA LOCAL INFILE fed from a stream (mysql2's infileStreamFactory). mysql2 does not apply
 * write backpressure to that stream, so the generator waits for the socket to drain itself.
 */
async function loadData(connection: Connection, table: TableRef, columns: LogicalColumn[], batches: AsyncIterable<CellValue[][]>, options: WriteOptions): Promise<WriteOutcome> {
  const socket = socketOf(connection);
  let rows = 0;
  const width = columns.length;
  const logicals = columns.map((column) => column.logical);
  async function* chunks(): AsyncGenerator<Buffer> {
    let text = '';
    for await (const batch of batches) {
      for (const row of batch) {
        for (let i = 0; i < width; i += 1) {
          const value = row[i] ?? null;
          if (i > 0) text += '\t';
          text += value === null ? '\\N' : encodeField(value, logicals[i]!);
        }
        text += '\n';
        if (text.length >= CHUNK_BYTES) {
          yield Buffer.from(text, 'utf8');
          text = '';
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
      connection.query<RowDataPacket[]>('SHOW WARNINGS LIMIT 3', (error, found) => (error ? reject(error) : resolve(found)));
    });
    const text = warnings.map((warning) => String(warning.Message)).join('; ');
    throw new EngineError('ROW_REJECTED', `MySQL rejected ${result.warningStatus} value(s) while loading ${table.table}: ${text}`);
  }
  return { rowsWritten: result.affectedRows, warnings: [], method: 'load-data' };
}

/** Multi-row INSERT, for servers that forbid LOCAL INFILE. At most 60 000 placeholders a statement. */
async function insertRows(connection: Connection, table: TableRef, columns: LogicalColumn[], batches: AsyncIterable<CellValue[][]>, options: WriteOptions): Promise<WriteOutcome> {
  const rowsPerStatement = Math.max(1, Math.min(1000, Math.floor(60_000 / columns.length)));
  const placeholders = columns.map((column) => (column.logical.kind === 'geometry' ? 'ST_GeomFromText(?)' : '?')).join(', ');
  const prefix = `INSERT INTO ${qualifyMysql(table)} (${columns.map((column) => quoteMysqlIdentifier(column.name)).join(', ')}) VALUES `;
  let written = 0;
  let pending: CellValue[][] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const sql = prefix + pending.map(() => `(${placeholders})`).join(', ');
    const values = pending.flat();
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

export async function writeMysqlBatches(connection: Connection, table: TableRef, columns: LogicalColumn[], batches: AsyncIterable<CellValue[][]>, options: WriteOptions & { localInfile: boolean }): Promise<WriteOutcome> {
  return options.localInfile && !options.forceInsert ? loadData(connection, table, columns, batches, options) : insertRows(connection, table, columns, batches, options);
}
