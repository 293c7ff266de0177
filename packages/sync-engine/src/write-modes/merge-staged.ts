import type { TableRef } from '../contract.js';
import type { ChangeSetRequest, ReadRange } from '../dialect.js';
import { EngineError } from '../engine-error.js';
import { checkCounts } from '../transfer.js';
import type { TransferOutcome } from '../transfer.js';
import { stagingNames } from './staging-names.js';
import type { WriteModeContext } from './write-mode.js';

/** Rows loaded into a staging table, checked against what was read. */
export interface StagedRows {
  outcome: TransferOutcome;
  staging: TableRef;
  /** A plain table other sessions can read (committed before the merge's transaction), not a session-private one. */
  shared: boolean;
  /** The random part of the names of this merge's tables. */
  suffix: string;
}

export interface AppliedChanges {
  inserted: number;
  updated: number;
  /** Rows deleted or marked because their key left the source (0 unless `missing` was asked). */
  deleted: number;
}

/**
 * Load the rows into a staging table by COPY / LOAD DATA and check the count. Session-private
 * (inside the merge's transaction on PostgreSQL, where it is dropped at COMMIT), or `shared`: a
 * plain table named with the live table's merge prefix, loaded before the transaction so a second
 * session can read it (`MergeSqlBuilder.missingKeysAside`); a killed run's leftovers go first.
 *
 * `cleanup` collects the statements that drop what outlives the transaction; the caller runs them
 * after COMMIT or ROLLBACK (dropStaged).
 */
export async function stageRows(
  context: WriteModeContext,
  range: ReadRange | undefined,
  shared: boolean,
  cleanup: string[],
): Promise<StagedRows> {
  const { destination, live, prepared, options } = context;
  const merge = destination.dialect.merge;
  const columns = prepared.destinationColumns.map((column) => column.name);
  const names = stagingNames(live);
  if (shared) {
    for (const leftover of await destination.listTablesWithPrefix(live.schema, names.mergePrefix)) {
      await destination.execute(destination.dialect.ddl.dropTable({ schema: live.schema, table: leftover }));
    }
  }
  const name = shared ? names.merge : `_pc_m_${names.suffix}`;
  const { sql, table: staging } = merge.createStaging(live, columns, options.destinationKeys, name, shared);
  await destination.execute(sql);
  const drop = merge.dropStaging(staging, shared);
  if (drop) cleanup.push(drop);
  const outcome = await context.transfer(staging, range);
  checkCounts(outcome, await destination.countRows(staging), live);
  return { outcome, staging, shared, suffix: names.suffix };
}

/**
 * Inside the merge's transaction: find what differs from the live table in one pass (the change
 * set: new keys, changed rows and, if asked, keys that left the source), then apply only that —
 * never row by row. The counts are exact: new keys are inserts, existing rows whose values changed
 * are updates, identical rows are neither. docs/decisions/127-a-merge-applies-a-change-set.md.
 */
export async function applyChangeSet(
  context: WriteModeContext,
  staged: StagedRows,
  change: Pick<ChangeSetRequest, 'clear' | 'missing'>,
  cleanup: string[],
): Promise<AppliedChanges> {
  const { destination, live, prepared, options } = context;
  const aside = staged.shared && change.missing !== null;
  const changes = destination.dialect.merge.changeSet(live, staged.staging, {
    name: `_pc_c_${staged.suffix}`,
    columns: prepared.destinationColumns.map((column) => column.name),
    keys: options.destinationKeys,
    few: staged.outcome.rowsWritten < FEW_ROWS,
    missingKeys: { name: `${staged.staging.table}_d`, aside },
    ...change,
  });
  cleanup.push(...changes.drop);
  const building = (async () => {
    for (const statement of changes.build) await destination.execute(statement);
  })();
  const besides = changes.aside.length > 0 ? runAside(context, changes.aside) : Promise.resolve();
  // Both settle before anything goes on (or fails): the second session must not outlive the run's step.
  const [built, alongside] = await Promise.allSettled([building, besides]);
  if (built.status === 'rejected') throw built.reason;
  if (alongside.status === 'rejected') throw alongside.reason;
  const counted = (await destination.query(changes.count, [])).rows[0];
  await destination.execute(changes.apply);
  const deleted = changes.removeMissing ? (await destination.query(changes.removeMissing, [])).affectedRows : 0;
  return {
    inserted: Number(counted?.inserted ?? 0),
    updated: Number(counted?.updated ?? 0),
    deleted,
  };
}

/**
 * Below this many staged rows a merge is a "few rows" one: the dialect gives the planner statistics
 * so it probes the live key instead of reading the whole table (PostgreSQL).
 */
const FEW_ROWS = 100_000;

/**
 * `statements` on a second destination session (autocommit), closed after. A cancel of the run
 * stops it like the run's own sessions: the server's statement first, then the socket.
 */
async function runAside(context: WriteModeContext, statements: string[]): Promise<void> {
  const session = await context.reconnectDestination();
  const signal = context.lockWait.signal;
  let stopped = false;
  let cancelling: Promise<void> = Promise.resolve();
  const stop = () => {
    stopped = true;
    cancelling = session.cancelStatement().catch(() => undefined);
    session.destroy();
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    if (signal?.aborted) stop();
    for (const statement of statements) {
      if (stopped) throw new EngineError('ABORTED', 'The run was cancelled.');
      await session.execute(statement);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    // A cancelled run is reported once the server has been told to stop this statement too.
    await cancelling;
    if (!stopped) await session.close();
  }
}

/** Stage the rows, then apply them: the whole merge inside the run's transaction. */
export async function mergeStaged(
  context: WriteModeContext,
  range: ReadRange | undefined,
  change: Pick<ChangeSetRequest, 'clear' | 'missing'>,
  cleanup: string[],
): Promise<AppliedChanges & { outcome: TransferOutcome }> {
  const staged = await stageRows(context, range, false, cleanup);
  return { outcome: staged.outcome, ...(await applyChangeSet(context, staged, change, cleanup)) };
}

/** Run what a merge left to drop; a failure here loses nothing (the session's end drops temporary ones too). */
export async function dropStaged(context: WriteModeContext, cleanup: string[]): Promise<void> {
  for (const statement of cleanup) await context.destination.execute(statement).catch(() => undefined);
}
