import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import type { TableRef } from '../../contract.js';
import type { ReadOptions } from '../../dialect.js';
import type { CellValue, LogicalColumn } from '../../types/logical-type.js';
import { fieldDecoder, unescapeCopyField } from './postgres-copy-text.js';
import { qualifyPostgres, quotePostgresIdentifier } from './postgres-ddl.js';
import { rangeSelect, rangeSettings } from './postgres-range.js';

/**
 * `COPY table (cols) TO STDOUT` for a plain table (the cheapest scan); `COPY (SELECT …)` for views
 * and for parents of inherited or partitioned tables, whose own COPY would leave out the children.
 */
function copyOutSql(table: TableRef, columns: LogicalColumn[], plain: boolean): string {
  const list = columns.map((column) => quotePostgresIdentifier(column.name)).join(', ');
  return plain
    ? `COPY ${qualifyPostgres(table)} (${list}) TO STDOUT`
    : `COPY (SELECT ${list} FROM ${qualifyPostgres(table)}) TO STDOUT`;
}

export function openCopyOut(client: pg.Client, table: TableRef, columns: LogicalColumn[], plain: boolean): Readable {
  return client.query(copyTo(copyOutSql(table, columns, plain)));
}

const NEWLINE = 0x0a;

/**
 * Read a table through COPY TO STDOUT (text) and yield bounded batches of canonical cells.
 * COPY is the cheapest way out of PostgreSQL and, unlike a plain SELECT, never buffers the result.
 */
export async function* readPostgresBatches(
  client: pg.Client,
  table: TableRef,
  columns: LogicalColumn[],
  options: ReadOptions,
  plain: boolean,
): AsyncGenerator<CellValue[][]> {
  const batchSize = options.batchSize ?? 1000;
  const decoders = columns.map((column) => fieldDecoder(column.logical));
  const width = columns.length;
  const range = options.range;
  let stream: Readable;
  if (range) {
    const settings = rangeSettings(range);
    if (settings) await client.query(settings.sql, settings.params);
    stream = client.query(copyTo(`COPY (${rangeSelect(table, columns, range)}) TO STDOUT`));
  } else {
    stream = openCopyOut(client, table, columns, plain);
  }
  let pending: Buffer | null = null;
  let batch: CellValue[][] = [];

  const parseLine = (line: string): CellValue[] => {
    const fields = line.split('\t');
    if (fields.length !== width) throw new Error(`COPY row has ${fields.length} fields, expected ${width}`);
    const row: CellValue[] = new Array(width);
    for (let i = 0; i < width; i += 1) {
      const raw = fields[i]!;
      if (raw === '\\N') {
        row[i] = null;
        continue;
      }
      const text = raw.includes('\\') ? unescapeCopyField(raw) : raw;
      const decode = decoders[i];
      row[i] = decode ? decode(text) : text;
    }
    return row;
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const data: Buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
      let start = 0;
      let end = data.indexOf(NEWLINE, start);
      while (end !== -1) {
        batch.push(parseLine(data.toString('utf8', start, end)));
        start = end + 1;
        end = data.indexOf(NEWLINE, start);
      }
      pending = start < data.length ? data.subarray(start) : null;
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (pending && pending.length > 0) batch.push(parseLine(pending.toString('utf8')));
    if (batch.length > 0) yield batch;
  } finally {
    if (!stream.readableEnded) stream.destroy();
  }
}
