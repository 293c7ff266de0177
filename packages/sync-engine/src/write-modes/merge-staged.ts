import { randomBytes } from 'node:crypto';
import type { ChangeSetRequest, ReadRange } from '../dialect.js';
import { checkCounts } from '../transfer.js';
import type { TransferOutcome } from '../transfer.js';
import type { WriteModeContext } from './write-mode.js';

export interface StagedMerge {
  outcome: TransferOutcome;
  inserted: number;
  updated: number;
  /** Rows deleted or marked because their key left the source (0 unless `missing` was asked). */
  deleted: number;
}

/**
 * Inside the run's transaction: load the rows into a session-private staging table by COPY /
 * LOAD DATA, find what differs from the live table in one pass (the change set: new keys, changed
 * rows and, if asked, keys that left the source), then apply only that — never row by row. The
 * counts are exact: new keys are inserts, existing rows whose values changed are updates,
 * identical rows are neither.
 *
 * `cleanup` collects the statements that drop what outlives the transaction (MySQL's temporary
 * tables); the caller runs them after COMMIT or ROLLBACK (dropStaged).
 */
export async function mergeStaged(
  context: WriteModeContext,
  range: ReadRange | undefined,
  change: Pick<ChangeSetRequest, 'clear' | 'missing'>,
  cleanup: string[],
): Promise<StagedMerge> {
  const { destination, live, prepared, options } = context;
  const merge = destination.dialect.merge;
  const columns = prepared.destinationColumns.map((column) => column.name);
  const suffix = randomBytes(4).toString('hex');
  const { sql, table: staging } = merge.createStaging(live, columns, options.destinationKeys, `_pc_m_${suffix}`);
  await destination.execute(sql);
  const dropStaging = merge.dropStaging(staging);
  if (dropStaging) cleanup.push(dropStaging);
  const outcome = await context.transfer(staging, range);
  checkCounts(outcome, await destination.countRows(staging), live);

  const changes = merge.changeSet(live, staging, {
    name: `_pc_c_${suffix}`,
    columns,
    keys: options.destinationKeys,
    few: range !== undefined,
    ...change,
  });
  cleanup.push(...changes.drop);
  for (const statement of changes.build) await destination.execute(statement);
  const counted = (await destination.query(changes.count, [])).rows[0];
  await destination.execute(changes.apply);
  const deleted = changes.removeMissing ? (await destination.query(changes.removeMissing, [])).affectedRows : 0;
  return {
    outcome,
    inserted: Number(counted?.inserted ?? 0),
    updated: Number(counted?.updated ?? 0),
    deleted,
  };
}

/** Run what `mergeStaged` left to drop; a failure here loses nothing (the session's end drops them too). */
export async function dropStaged(context: WriteModeContext, cleanup: string[]): Promise<void> {
  for (const statement of cleanup) await context.destination.execute(statement).catch(() => undefined);
}
