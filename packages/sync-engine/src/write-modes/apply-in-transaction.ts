/**
 * The one transaction of the append and merge modes. Everything a run changes in the destination
 * — new table (where DDL is transactional), rows, and the run state row carrying the run marker
 * and the new watermark — commits together or not at all; docs/decisions/121-watermark-in-the-destination.md.
 */
import type { TableRef } from '../contract.js';
import type { DdlBuilder } from '../dialect.js';
import { EngineError } from '../engine-error.js';
import type { WriteModeContext, WriteResult } from './write-mode.js';
import { SOFT_DELETE_COLUMN } from './write-mode-names.js';

type ColumnDefinition = Parameters<DdlBuilder['createTable']>[1][number];

export interface ApplyNeeds {
  /** The destination needs a primary key on the merge keys (upserts match on it). */
  keyed: boolean;
  /** The destination needs the soft-delete column. */
  softDelete: boolean;
}

/**
 * Create what the destination lacks, open the transaction, `apply` the rows, write the run state,
 * commit. A failure rolls back; a table created outside the transaction (MySQL) is dropped again.
 */
export async function applyInTransaction(
  context: WriteModeContext,
  needs: ApplyNeeds,
  apply: () => Promise<WriteResult>,
  /** Work after the destination exists and before the transaction opens (a shared staging load); undone like the rest. */
  beforeTransaction?: () => Promise<void>,
): Promise<WriteResult> {
  const { destination, live, prepared, options } = context;
  const dialect = destination.dialect;
  const exists = prepared.plan.destinationExists;
  const ddl: string[] = [];
  if (exists) {
    const current = (await destination.describeTable(live)) ?? [];
    if (needs.keyed) checkDestinationKey(live, current, options.destinationKeys);
    if (needs.softDelete && !current.some((column) => column.name === SOFT_DELETE_COLUMN))
      ddl.push(dialect.merge.addTimestampColumn(live, SOFT_DELETE_COLUMN));
  } else {
    ddl.push(
      dialect.ddl.createTable(
        live,
        createColumns(prepared.createColumns, needs, options.destinationKeys, dialect.merge.timestampType),
      ),
    );
  }
  // The state table is PipeCraft's own and may outlive a failed run; DDL, so before the transaction.
  await ensureStateTable(destination, live);

  const transactional = dialect.capabilities.transactionalDdl;
  let created = false;
  if (!transactional) {
    for (const statement of ddl) await destination.execute(statement);
    created = !exists;
  }
  try {
    await beforeTransaction?.();
    await destination.begin();
    if (transactional) for (const statement of ddl) await destination.execute(statement);
    const result = await apply();
    // The run marker of these modes: in the transaction, so it is there exactly when the rows are.
    await destination.query(dialect.merge.writeState(live), [
      live.table,
      context.runId ?? '',
      result.watermark ? JSON.stringify(result.watermark) : null,
    ]);
    await destination.commit();
    return result;
  } catch (error) {
    await destination.rollback().catch(() => undefined);
    if (created) await dropCreated(context);
    throw error;
  }
}

/** Column definitions for a new destination: the merge keys as its primary key, the soft-delete column last. */
function createColumns(
  columns: ColumnDefinition[],
  needs: ApplyNeeds,
  keys: string[],
  timestampType: string,
): ColumnDefinition[] {
  const defined = needs.keyed
    ? columns.map((column) => {
        const position = keys.indexOf(column.name);
        return {
          ...column,
          primaryKeyPosition: position === -1 ? null : position + 1,
          ...(position === -1 ? {} : { nullable: false }),
        };
      })
    : columns;
  return needs.softDelete
    ? [...defined, { name: SOFT_DELETE_COLUMN, nativeType: timestampType, nullable: true, primaryKeyPosition: null }]
    : defined;
}

function checkDestinationKey(
  live: TableRef,
  columns: Array<{ name: string; primaryKeyPosition: number | null }>,
  keys: string[],
) {
  const primary = columns
    .filter((column) => column.primaryKeyPosition !== null)
    .sort((a, b) => (a.primaryKeyPosition ?? 0) - (b.primaryKeyPosition ?? 0))
    .map((column) => column.name);
  const same = primary.length === keys.length && keys.every((key) => primary.includes(key));
  if (!same) {
    const has = primary.length > 0 ? `its primary key is (${primary.join(', ')})` : 'it has no primary key';
    throw new EngineError(
      'SYNC_OPTIONS_INVALID',
      `A merge into ${live.schema}.${live.table} matches rows on (${keys.join(', ')}), but ${has}. Give the destination that primary key, or let PipeCraft create the table. Nothing was changed.`,
    );
  }
}

/** Drop the table this failed run created before its transaction; on a fresh session if ours broke. */
async function dropCreated(context: WriteModeContext): Promise<void> {
  const sql = context.destination.dialect.ddl.dropTable(context.live);
  try {
    await context.destination.execute(sql);
    return;
  } catch {
    // fall through to a fresh connection
  }
  try {
    const fresh = await context.reconnectDestination();
    try {
      await fresh.execute(sql);
    } finally {
      await fresh.close();
    }
  } catch {
    // The table stays, empty: the next run fills it.
  }
}

/**
 * `CREATE TABLE IF NOT EXISTS` is not safe against itself on PostgreSQL: two first runs into one
 * schema at the same moment both pass the check, and the later one fails on the catalog's unique
 * index (`pg_type_typname_nsp_index`). Once more then finds the other run's table and does nothing;
 * any other error fails the second try the same way and is reported as it is.
 */
async function ensureStateTable(destination: WriteModeContext['destination'], live: TableRef): Promise<void> {
  const statement = destination.dialect.merge.createStateTable(live);
  try {
    await destination.execute(statement);
  } catch {
    await destination.execute(statement);
  }
}
