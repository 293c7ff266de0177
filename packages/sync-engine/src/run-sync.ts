import { createHash, randomBytes } from 'node:crypto';
import type { SyncRequest, SyncResult, TableRef } from './contract.js';
import type { DialectSession } from './dialect.js';
import { getDialect } from './dialects/index.js';
import { EngineError, isEngineError } from './engine-error.js';
import type { PreparedSync } from './plan-sync.js';
import { prepareSync } from './plan-sync.js';
import type { CellValue } from './types/logical-type.js';

/** How often onProgress may fire. */
const PROGRESS_INTERVAL_MS = 250;

function progressReporter(onProgress: SyncRequest['onProgress']): { report(rows: number): void; flush(rows: number): void } {
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

/**
 * Staging and old-table names: a fixed prefix, a hash of the live name (so any live name fits the
 * 63/64-character limits) and a random suffix. The next run for the same table finds leftovers
 * of a crashed run by the prefix and drops them.
 */
export function stagingNames(table: TableRef): { stagingPrefix: string; oldPrefix: string; staging: string; old: string } {
  const hash = createHash('sha1').update(table.table).digest('hex').slice(0, 10);
  const suffix = randomBytes(4).toString('hex');
  const stagingPrefix = `_pc_s_${hash}_`;
  const oldPrefix = `_pc_o_${hash}_`;
  return { stagingPrefix, oldPrefix, staging: stagingPrefix + suffix, old: oldPrefix + suffix };
}

interface TransferOutcome {
  rowsRead: number;
  rowsWritten: number;
  method: NonNullable<SyncResult['method']>;
}

/** Move every row from the source table into `target`, through the fastest path both ends allow. */
async function transfer(source: DialectSession, destination: DialectSession, request: SyncRequest, prepared: PreparedSync, target: TableRef, progress: (rows: number) => void): Promise<TransferOutcome> {
  const sourceRef = request.source.table;
  const sameTypes =
    source.dialect.name === destination.dialect.name &&
    prepared.converters.every((converter) => converter === null) &&
    prepared.sourceColumns.every((column, index) => JSON.stringify(column.logical) === JSON.stringify(prepared.destinationColumns[index]?.logical));
  if (sameTypes && source.copyOut && destination.copyIn) {
    // Same engine, same types: the text COPY bytes are already what the destination reads.
    const stream = await source.copyOut(sourceRef, prepared.sourceColumns);
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
  async function* converted(): AsyncGenerator<CellValue[][]> {
    for await (const batch of source.readBatches(sourceRef, prepared.sourceColumns, {})) {
      rowsRead += batch.length;
      if (hasConversions) {
        for (const row of batch) {
          for (let i = 0; i < row.length; i += 1) {
            const convert = converters[i];
            if (convert) row[i] = convert(row[i] ?? null);
          }
        }
      }
      yield batch;
    }
  }
  const outcome = await destination.writeBatches(target, prepared.destinationColumns, converted(), { onRows: progress });
  return { rowsRead, rowsWritten: outcome.rowsWritten, method: outcome.method };
}

function checkCounts(outcome: TransferOutcome, counted: number, table: TableRef): void {
  if (outcome.rowsRead !== outcome.rowsWritten || outcome.rowsWritten !== counted) {
    throw new EngineError(
      'ROW_COUNT_MISMATCH',
      `Row counts disagree for ${table.schema}.${table.table}: read ${outcome.rowsRead}, written ${outcome.rowsWritten}, counted ${counted}. The destination was left unchanged.`,
    );
  }
}

/**
 * Full atomic refresh (`truncate_insert`). Readers of the destination see the old rows or all of
 * the new ones, never an empty or partial table; a failed run leaves the old rows as they were.
 * - Transactional DDL (PostgreSQL): one transaction — CREATE or TRUNCATE, COPY, count, COMMIT.
 * - Otherwise (MySQL): load a staging table, count, swap with one RENAME TABLE, drop the old one.
 */
export async function runSync(request: SyncRequest): Promise<SyncResult> {
  if (request.writeMode !== 'truncate_insert') throw new EngineError('ENGINE_ERROR', `Unsupported write mode ${String(request.writeMode)}`);
  const { source: from, destination: to } = request;
  if (
    from.connection.dialect === to.connection.dialect && from.connection.host === to.connection.host && from.connection.port === to.connection.port &&
    from.connection.database === to.connection.database && from.table.schema === to.table.schema && from.table.table === to.table.table
  ) {
    // A full refresh would empty the very table it reads.
    throw new EngineError('DESTINATION_MISMATCH', 'The source and the destination are the same table.');
  }
  const signal = request.signal;
  if (signal?.aborted) throw new EngineError('ABORTED', 'The run was cancelled before it started.');

  const sessions: DialectSession[] = [];
  let aborted = false;
  const onAbort = () => {
    aborted = true;
    // Dropping the sockets stops reads and writes at once; the destination's server rolls back.
    for (const session of sessions) session.destroy();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let success = false;
  try {
    const source = await getDialect(request.source.connection.dialect).connect(request.source.connection);
    sessions.push(source);
    const destination = await getDialect(request.destination.connection.dialect).connect(request.destination.connection);
    sessions.push(destination);
    if (aborted) throw new EngineError('ABORTED', 'The run was cancelled.');

    const prepared = await prepareSync(source, destination, request);
    if (prepared.plan.mismatches.length > 0) {
      const list = prepared.plan.mismatches.map((mismatch) => `"${mismatch.column}" (${mismatch.problem})`).join(', ');
      throw new EngineError('DESTINATION_MISMATCH', `The destination table ${request.destination.table.schema}.${request.destination.table.table} does not match the source: ${list}. Nothing was changed.`);
    }
    const live = request.destination.table;
    const progress = progressReporter(request.onProgress);
    const release = await destination.lockTable(live);
    let outcome: TransferOutcome;
    try {
      outcome = destination.dialect.capabilities.transactionalDdl
        ? await refreshInTransaction(source, destination, request, prepared, progress.report)
        : await refreshBySwap(source, destination, request, prepared, progress.report);
    } finally {
      await release();
    }
    progress.flush(outcome.rowsWritten);
    success = true;
    await Promise.all(sessions.map((session) => session.close()));
    return {
      rowsRead: outcome.rowsRead,
      rowsWritten: outcome.rowsWritten,
      createdTable: !prepared.plan.destinationExists,
      warnings: prepared.warnings.list(),
      method: outcome.method,
    };
  } catch (error) {
    if (aborted) throw new EngineError('ABORTED', 'The run was cancelled; the destination keeps its previous rows.', { cause: error });
    if (isEngineError(error)) throw error;
    throw new EngineError('ENGINE_ERROR', error instanceof Error ? error.message : String(error), { cause: error });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!success) for (const session of sessions) session.destroy();
  }
}

async function refreshInTransaction(source: DialectSession, destination: DialectSession, request: SyncRequest, prepared: PreparedSync, progress: (rows: number) => void): Promise<TransferOutcome> {
  const live = request.destination.table;
  const ddl = destination.dialect.ddl;
  await destination.begin();
  try {
    await destination.execute(prepared.plan.destinationExists ? ddl.truncate(live) : prepared.plan.createTableDdl);
    const outcome = await transfer(source, destination, request, prepared, live, progress);
    checkCounts(outcome, await destination.countRows(live), live);
    await destination.commit();
    return outcome;
  } catch (error) {
    await destination.rollback().catch(() => undefined);
    throw error;
  }
}

async function refreshBySwap(source: DialectSession, destination: DialectSession, request: SyncRequest, prepared: PreparedSync, progress: (rows: number) => void): Promise<TransferOutcome> {
  const live = request.destination.table;
  const ddl = destination.dialect.ddl;
  const names = stagingNames(live);
  // Leftovers of a run that died before its swap (staging) or before its final DROP (old).
  for (const prefix of [names.stagingPrefix, names.oldPrefix]) {
    for (const leftover of await destination.listTablesWithPrefix(live.schema, prefix)) {
      await destination.execute(ddl.dropTable({ schema: live.schema, table: leftover }));
    }
  }
  const staging: TableRef = { schema: live.schema, table: names.staging };
  const old: TableRef = { schema: live.schema, table: names.old };
  if (prepared.plan.destinationExists) {
    await destination.execute(ddl.createTableLike(staging, live));
  } else {
    await destination.execute(ddl.createTable(staging, prepared.createColumns));
  }
  let outcome: TransferOutcome;
  try {
    outcome = await transfer(source, destination, request, prepared, staging, progress);
    checkCounts(outcome, await destination.countRows(staging), live);
    await destination.execute(ddl.swap(live, staging, prepared.plan.destinationExists ? old : null));
  } catch (error) {
    await dropStaging(destination, request, staging);
    throw error;
  }
  if (prepared.plan.destinationExists) await destination.execute(ddl.dropTable(old));
  return outcome;
}

/**
 * Drop a failed run's staging table. The run's own session may be the thing that broke (killed,
 * aborted), so fall back to a fresh one; if even that fails, the next run drops it by its prefix.
 */
async function dropStaging(destination: DialectSession, request: SyncRequest, staging: TableRef): Promise<void> {
  const sql = destination.dialect.ddl.dropTable(staging);
  try {
    await destination.execute(sql);
    return;
  } catch {
    // fall through to a fresh connection
  }
  try {
    const fresh = await destination.dialect.connect(request.destination.connection);
    try {
      await fresh.execute(sql);
    } finally {
      await fresh.close();
    }
  } catch {
    // Left for the next run's leftover cleanup.
  }
}
