import type { TableRef } from '../contract.js';
import { randomBytes } from 'node:crypto';
import type { ReadRange } from '../dialect.js';
import { checkCounts } from '../transfer.js';
import type { TransferOutcome } from '../transfer.js';
import type { WriteModeContext } from './write-mode.js';

export interface StagedMerge {
  outcome: TransferOutcome;
  inserted: number;
  updated: number;
  /** The staging table, for a delete-missing anti-join before it goes. */
  staging: TableRef;
}

/**
 * Inside the run's transaction: load the rows into a session-private staging table by COPY /
 * LOAD DATA, count the keys that already exist (and how many of those rows differ), and upsert them
 * all in one statement. Never row by row; the counts are exact: new keys are inserts, existing
 * rows whose values changed are updates, identical rows are neither.
 */
export async function mergeStaged(
  context: WriteModeContext,
  range: ReadRange | undefined,
  clear: string | null,
): Promise<StagedMerge> {
  const { destination, live, prepared, options } = context;
  const merge = destination.dialect.merge;
  const columns = prepared.destinationColumns.map((column) => column.name);
  const { sql, table: staging } = merge.createStaging(
    live,
    columns,
    options.destinationKeys,
    `_pc_m_${randomBytes(4).toString('hex')}`,
  );
  await destination.execute(sql);
  const outcome = await context.transfer(staging, range);
  checkCounts(outcome, await destination.countRows(staging), live);
  const analyze = merge.analyzeStaging(staging);
  if (analyze) await destination.execute(analyze);
  // A watermarked read stages a few rows: have them probe the live table's key (see the setting's doc).
  if (range && merge.transactionSetting) await destination.execute(merge.transactionSetting);
  const counted = await destination.query(
    merge.countMatched(live, staging, columns, options.destinationKeys, clear),
    [],
  );
  const matched = Number(counted.rows[0]?.matched ?? 0);
  const updated = Number(counted.rows[0]?.changed ?? 0);
  await destination.execute(merge.upsert(live, staging, columns, options.destinationKeys, clear));
  return { outcome, inserted: outcome.rowsWritten - matched, updated, staging };
}

/** Drop a staging table that outlives its transaction (MySQL's temporary tables live with the session). */
export async function dropStaging(context: WriteModeContext, staging: TableRef): Promise<void> {
  const sql = context.destination.dialect.merge.dropStaging(staging);
  if (sql) await context.destination.execute(sql).catch(() => undefined);
}
