import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TableRef } from '../../contract.js';
import type { WriteOptions, WriteOutcome } from '../../dialect.js';
import type { CellValue, LogicalColumn } from '../../types/logical-type.js';
import { fieldEncoder } from './postgres-copy-text.js';
import { qualifyPostgres, quotePostgresIdentifier } from './postgres-ddl.js';

function copyInSql(table: TableRef, columns: LogicalColumn[]): string {
  const list = columns.map((column) => quotePostgresIdentifier(column.name)).join(', ');
  return `COPY ${qualifyPostgres(table)} (${list}) FROM STDIN`;
}

/** Resolve on finish, reject on the first error — including errors raised before anyone awaits. */
function settled(
  stream: NodeJS.WritableStream & { on: (event: string, listener: (...args: unknown[]) => void) => unknown },
): { done: Promise<void>; error: () => unknown } {
  let failure: unknown = null;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', () => resolve());
    stream.on('error', (error: unknown) => {
      failure = error;
      reject(error);
    });
  });
  done.catch(() => undefined);
  return { done, error: () => failure };
}

/**
 * Bulk-write canonical batches with COPY … FROM STDIN (text). Backpressure: we wait for `drain`
 * whenever the socket buffer is full, so at most one batch is held in memory.
 */
export async function writePostgresBatches(
  client: pg.Client,
  table: TableRef,
  columns: LogicalColumn[],
  batches: AsyncIterable<CellValue[][]>,
  options: WriteOptions,
): Promise<WriteOutcome> {
  const encoders = columns.map((column) => fieldEncoder(column.logical));
  const width = columns.length;
  const stream = client.query(copyFrom(copyInSql(table, columns)));
  const { done, error } = settled(stream);
  let rows = 0;
  try {
    for await (const batch of batches) {
      if (error()) throw error();
      let text = '';
      for (const row of batch) {
        for (let i = 0; i < width; i += 1) {
          const value = row[i] ?? null;
          if (i > 0) text += '\t';
          text += value === null ? '\\N' : encoders[i]!(value);
        }
        text += '\n';
      }
      rows += batch.length;
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), done]);
      options.onRows?.(rows);
    }
    stream.end();
    await done;
  } catch (failure) {
    if (!stream.destroyed) stream.destroy(failure instanceof Error ? failure : new Error(String(failure)));
    throw error() ?? failure;
  }
  return { rowsWritten: stream.rowCount ?? rows, warnings: [], method: 'copy' };
}

/**
 * Same-type PostgreSQL → PostgreSQL: COPY bytes go straight through, counted by their newlines
 * (COPY text escapes newlines inside values, so each one ends a row). `pipeline` moves the chunks
 * with the streams' own backpressure and tears both ends down on the first error.
 */
export async function copyPostgresRaw(
  client: pg.Client,
  table: TableRef,
  columns: LogicalColumn[],
  source: Readable,
  onRows: (rows: number) => void,
): Promise<number> {
  const stream = client.query(copyFrom(copyInSql(table, columns)));
  let rows = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) rows += 1;
      onRows(rows);
      callback(null, chunk);
    },
  });
  await pipeline(source, counter, stream);
  return stream.rowCount ?? rows;
}
