import type { Connection } from 'mysql2';
import type { TableRef } from '../../contract.js';
import type { ReadOptions } from '../../dialect.js';
import type { CellValue, LogicalColumn, LogicalType } from '../../types/logical-type.js';
import { qualifyMysql, quoteMysqlIdentifier } from './mysql-ddl.js';
import { rangeSelect } from './mysql-range.js';

/**
 * Columns the driver would change are read as the server's own text: mysql2's float parser is not
 * correctly rounded (DOUBLE off by an ULP), FLOAT comes over the wire rounded to 6 digits (so it is
 * widened to DOUBLE first, which is exact), and YEAR 0000 would become the number 0. Spatial
 * columns are read as WKT with their SRID (EWKT, the canonical geometry form).
 */
function selectExpression(column: LogicalColumn): string {
  const name = quoteMysqlIdentifier(column.name);
  switch (column.logical.kind) {
    case 'float':
      return column.logical.bits === 32 ? `CAST(CAST(${name} AS DOUBLE) AS CHAR)` : `CAST(${name} AS CHAR)`;
    case 'year':
      return `CAST(${name} AS CHAR)`;
    case 'geometry':
      return `IF(ST_SRID(${name}) = 0, ST_AsText(${name}), CONCAT('SRID=', ST_SRID(${name}), ';', ST_AsText(${name})))`;
    default:
      return name;
  }
}

type Normalizer = (value: unknown) => CellValue;

/**
 * mysql2 (with bigNumberStrings, dateStrings, jsonStrings) hands back strings, Buffers for binary
 * columns, and JS numbers only for INT types up to 32 bits (a double holds them exactly; FLOAT,
 * DOUBLE and YEAR are read as text, see `selectExpression`); this turns each into the canonical cell.
 */
function normalizer(logical: LogicalType): Normalizer {
  const binary = logical.kind === 'bytes' || logical.kind === 'bit';
  // Strings first: with the options above they are by far the most common value.
  return (value) => {
    if (typeof value === 'string') return binary ? Buffer.from(value, 'utf8') : value;
    if (value === null || value === undefined) return null;
    if (Buffer.isBuffer(value)) return binary ? value : value.toString('utf8');
    return String(value);
  };
}

/**
 * Stream the table with mysql2's row stream (the connection pauses when we stop pulling) and
 * re-batch the rows.
 */
export async function* readMysqlBatches(
  connection: Connection,
  table: TableRef,
  columns: LogicalColumn[],
  options: ReadOptions,
): AsyncGenerator<CellValue[][]> {
  const batchSize = options.batchSize ?? 1000;
  const normalizers = columns.map((column) => normalizer(column.logical));
  const selectList = columns.map(selectExpression).join(', ');
  // A watermarked read binds its values; mysql2's `query` sends them escaped by the driver.
  const { sql, params } = options.range
    ? rangeSelect(table, selectList, options.range)
    : { sql: `SELECT ${selectList} FROM ${qualifyMysql(table)}`, params: [] };
  const stream = connection.query({ sql, values: params, rowsAsArray: true }).stream({ highWaterMark: batchSize });
  let batch: CellValue[][] = [];
  // mysql2 reports a lost connection only on the connection when the query has no callback, so a
  // streaming read would wait forever (e.g. after KILL CONNECTION): forward it to the stream.
  const onLost = (error?: Error) => {
    stream.destroy(
      error ??
        Object.assign(new Error('The MySQL server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST' }),
    );
  };
  connection.once('error', onLost);
  try {
    for await (const raw of stream as AsyncIterable<unknown[]>) {
      const row: CellValue[] = new Array(normalizers.length);
      for (let i = 0; i < normalizers.length; i += 1) row[i] = normalizers[i]!(raw[i]);
      batch.push(row);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    connection.removeListener('error', onLost);
    if (!stream.readableEnded) stream.destroy();
  }
}
