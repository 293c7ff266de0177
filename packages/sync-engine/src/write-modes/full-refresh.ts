import type { TableRef } from '../contract.js';
import type { DialectSession } from '../dialect.js';
import type { TransferOutcome } from '../transfer.js';
import { checkCounts } from '../transfer.js';
import { withRunMarker } from '../run-marker.js';
import { stagingNames } from './staging-names.js';
import { nextWatermark, watermarkRange } from './watermark-range.js';
import type { WriteModeContext, WriteModeDefinition } from './write-mode.js';

/**
 * Full atomic refresh. Readers of the destination see the old rows or all of the new ones, never
 * an empty or partial table; a failed run leaves the old rows as they were.
 * - Transactional DDL (PostgreSQL): one transaction — CREATE or TRUNCATE, COPY, count, COMMIT.
 * - Otherwise (MySQL): load a staging table, count, swap with one RENAME TABLE, drop the old one.
 * (Stored as `truncate_insert` before store migration 006 renamed it.)
 */
export const fullRefresh: WriteModeDefinition<'full_refresh'> = {
  name: 'full_refresh',
  label: 'Full refresh',
  description:
    'Replaces every row of the destination table in one atomic step: until it completes, readers keep seeing the previous rows.',
  async write(context) {
    const outcome = context.destination.dialect.capabilities.transactionalDdl
      ? await refreshInTransaction(context)
      : await refreshBySwap(context);
    return {
      ...outcome,
      rowsInserted: outcome.rowsWritten,
      rowsUpdated: 0,
      rowsDeleted: 0,
      // Run for a cursor mode (drift policy `recreate`): the read was in (cursor, key) order from the start.
      ...(context.options.cursor ? { watermark: nextWatermark({ ...context.options, watermark: null }, outcome) } : {}),
    };
  },
};

async function refreshInTransaction(context: WriteModeContext): Promise<TransferOutcome> {
  const { destination, live, prepared, transfer, runId, lockWait, enterPhase } = context;
  const ddl = destination.dialect.ddl;
  await destination.begin();
  try {
    // TRUNCATE waits for every reader's lock, and readers arriving meanwhile queue behind it:
    // take the lock first, in short bounded attempts.
    if (prepared.plan.destinationExists) await destination.lockForRefresh?.(live, lockWait);
    enterPhase('create');
    if (prepared.recreate) {
      // Drift: the old table goes and a new one is created, in the same transaction.
      await destination.execute(ddl.dropTable(live));
      await destination.execute(ddl.createTable(live, prepared.createColumns));
    } else {
      await destination.execute(prepared.plan.destinationExists ? ddl.truncate(live) : prepared.plan.createTableDdl);
    }
    enterPhase('copy');
    const outcome = await transfer(live, rangeOf(context));
    enterPhase('verify');
    checkCounts(outcome, await destination.countRows(live), live);
    enterPhase('commit');
    // In the same transaction as the rows: the marker is there exactly when they are.
    if (runId) await markRun(destination, live, live, runId);
    await destination.commit();
    return outcome;
  } catch (error) {
    await destination.rollback().catch(() => undefined);
    throw error;
  }
}

async function refreshBySwap(context: WriteModeContext): Promise<TransferOutcome> {
  const { destination, live, prepared } = context;
  const ddl = destination.dialect.ddl;
  const names = stagingNames(live);
  context.enterPhase('create');
  // Leftovers of a run that died before its swap (staging) or before its final DROP (old).
  for (const prefix of [names.stagingPrefix, names.oldPrefix]) {
    for (const leftover of await destination.listTablesWithPrefix(live.schema, prefix)) {
      await destination.execute(ddl.dropTable({ schema: live.schema, table: leftover }));
    }
  }
  const staging: TableRef = { schema: live.schema, table: names.staging };
  const old: TableRef = { schema: live.schema, table: names.old };
  if (prepared.plan.destinationExists && !prepared.recreate) {
    await destination.execute(ddl.createTableLike(staging, live));
  } else {
    await destination.execute(ddl.createTable(staging, prepared.createColumns));
  }
  let outcome: TransferOutcome;
  try {
    context.enterPhase('copy');
    outcome = await context.transfer(staging, rangeOf(context));
    context.enterPhase('verify');
    checkCounts(outcome, await destination.countRows(staging), live);
    context.enterPhase('commit');
    // On the staging table, so the RENAME that brings the rows in brings the marker with them.
    if (context.runId) await markRun(destination, staging, live, context.runId);
    await destination.execute(ddl.swap(live, staging, prepared.plan.destinationExists ? old : null));
  } catch (error) {
    await dropStaging(destination, context.reconnectDestination, staging);
    throw error;
  }
  if (prepared.plan.destinationExists) await destination.execute(ddl.dropTable(old));
  return outcome;
}

/** A cursor mode refreshed (drift `recreate`) reads in (cursor, key) order to learn its watermark. */
function rangeOf(context: WriteModeContext) {
  return context.options.cursor ? watermarkRange({ ...context.options, watermark: null }) : undefined;
}

/** Write `runId` into `target`'s comment, keeping the user's own comment on `live`. */
async function markRun(destination: DialectSession, target: TableRef, live: TableRef, runId: string): Promise<void> {
  const comment = withRunMarker(await destination.tableComment(live), runId);
  await destination.execute(destination.dialect.ddl.setComment(target, comment));
}

/**
 * Drop a failed run's staging table. The run's own session may be the thing that broke (killed,
 * aborted), so fall back to a fresh one; if even that fails, the next run drops it by its prefix.
 */
async function dropStaging(
  destination: DialectSession,
  reconnect: () => Promise<DialectSession>,
  staging: TableRef,
): Promise<void> {
  const sql = destination.dialect.ddl.dropTable(staging);
  try {
    await destination.execute(sql);
    return;
  } catch {
    // fall through to a fresh connection
  }
  try {
    const fresh = await reconnect();
    try {
      await fresh.execute(sql);
    } finally {
      await fresh.close();
    }
  } catch {
    // Left for the next run's leftover cleanup.
  }
}
