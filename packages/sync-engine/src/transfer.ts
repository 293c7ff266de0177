/**
 * The byte path of a run: rows from the source's reader into the destination's writer, converted
 * on the way, with progress and the counts a write mode checks before it makes the rows visible.
 * Write modes decide *where* rows go and when readers see them; this decides *how* they travel.
 */
import type { TableRef } from './contract.js';
import type { DialectSession, ReadRange } from './dialect.js';
import { EngineError, isEngineError } from './engine-error.js';
import type { PreparedSync } from './plan-sync.js';
import type { CellValue } from './types/logical-type.js';

/** How often onProgress may fire. */
const PROGRESS_INTERVAL_MS = 250;

export interface ProgressReporter {
  /** Rows so far; forwarded at most every PROGRESS_INTERVAL_MS. */
  report(rows: number): void;
  /** The final count, always forwarded. */
  flush(rows: number): void;
}

/** Typed by shape, not as `SyncRequest['onProgress']`, so write modes can import this file without a cycle. */
export function progressReporter(
  onProgress: ((progress: { rowsCopied: number }) => void) | undefined,
): ProgressReporter {
  let last = 0;
  return {
    report(rows) {
      const now = Date.now();
      if (onProgress && now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        onProgress({ rowsCopied: rows });
      }
    },
    flush(rows) {
      onProgress?.({ rowsCopied: rows });
    },
  };
}

export interface TransferOutcome {
  rowsRead: number;
  rowsWritten: number;
  /** `copy-passthrough`, or the destination writer's `WriteOutcome.method`. */
  method: string;
  /**
   * A ranged read only: the `range.orderBy` values of the last row read, as the source gave them
   * (before any conversion) — the next watermark; `null` when no row with a cursor was read.
   */
  last?: string[] | null;
  /** A ranged read only: rows read whose cursor was NULL. */
  nullCursorRows?: number;
}

/** Move every row of `from` into `target`, through the fastest path both ends allow. */
export async function transfer(
  source: DialectSession,
  destination: DialectSession,
  prepared: PreparedSync,
  from: TableRef,
  target: TableRef,
  progress: (rows: number) => void,
  range?: ReadRange,
): Promise<TransferOutcome> {
  const sameTypes =
    !range &&
    source.dialect.name === destination.dialect.name &&
    prepared.converters.every((converter) => converter === null) &&
    prepared.sourceColumns.every(
      (column, index) => JSON.stringify(column.logical) === JSON.stringify(prepared.destinationColumns[index]?.logical),
    );
  if (sameTypes && source.copyOut && destination.copyIn) {
    // Same engine, same types: the text COPY bytes are already what the destination reads.
    const stream = await source.copyOut(from, prepared.sourceColumns);
    let rowsRead = 0;
    const rowsWritten = await destination.copyIn(target, prepared.destinationColumns, stream, (rows) => {
      rowsRead = rows;
      progress(rows);
    });
    return { rowsRead, rowsWritten, method: 'copy-passthrough' };
  }

  let rowsRead = 0;
  const converters = prepared.converters;
  const hasConversions = converters.some((converter) => converter !== null);
  const warnings = prepared.warnings;
  const watched = range
    ? range.orderBy.map((column) => prepared.sourceColumns.findIndex((candidate) => candidate.name === column.name))
    : [];
  let last: string[] | null = null;
  let nullCursorRows = 0;
  async function* converted(): AsyncGenerator<CellValue[][]> {
    for await (const batch of source.readBatches(from, prepared.sourceColumns, range ? { range } : {})) {
      rowsRead += batch.length;
      if (range) {
        // Before conversion: the watermark keeps the source's own text of the values.
        for (const row of batch) {
          if (row[watched[0]!] === null) nullCursorRows += 1;
        }
        const tail = batch[batch.length - 1];
        if (tail && tail[watched[0]!] !== null) last = watched.map((index) => cellText(tail[index] ?? null));
      }
      if (hasConversions) {
        for (const row of batch) {
          // Lets a warning or a rejection name this row by its primary key.
          warnings.currentRow = row;
          for (let i = 0; i < row.length; i += 1) {
            const convert = converters[i];
            if (convert) row[i] = convert(row[i] ?? null);
          }
        }
      }
      yield batch;
    }
  }
  try {
    const outcome = await destination.writeBatches(target, prepared.destinationColumns, converted(), {
      onRows: progress,
    });
    return {
      rowsRead,
      rowsWritten: outcome.rowsWritten,
      method: outcome.method,
      ...(range ? { last, nullCursorRows } : {}),
    };
  } catch (error) {
    throw namingUserTable(error, target, prepared.destinationTable);
  }
}

/**
 * A server's rejection names the table it was loading, which may be a staging table (`_pc_s_…`)
 * the user never saw: name the user's destination table instead.
 */
function namingUserTable(error: unknown, target: TableRef, live: TableRef): unknown {
  if (!isEngineError(error) || target.table === live.table || !error.message.includes(target.table)) return error;
  return new EngineError(error.code, error.message.replaceAll(target.table, live.table), { cause: error });
}

/** A watermark value as text; binary keys cannot be one (refused when the sync is checked). */
function cellText(value: CellValue): string {
  if (value === null) throw new EngineError('ENGINE_ERROR', 'A key column of the watermark is NULL.');
  return typeof value === 'string' ? value : value.toString('utf8');
}

/**
 * Rows read, rows written and rows the destination counts must agree before a write mode makes
 * them visible; `table` names the live table in the message.
 */
export function checkCounts(outcome: TransferOutcome, counted: number, table: TableRef): void {
  if (outcome.rowsRead !== outcome.rowsWritten || outcome.rowsWritten !== counted) {
    throw new EngineError(
      'ROW_COUNT_MISMATCH',
      `Row counts disagree for ${table.schema}.${table.table}: read ${outcome.rowsRead}, written ${outcome.rowsWritten}, counted ${counted}. The destination was left unchanged.`,
    );
  }
}
