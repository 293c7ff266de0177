/**
 * The run marker: the id of the run whose rows a destination table holds, kept in the table's
 * comment and written in the same atomic step as the rows (inside the PostgreSQL transaction; on
 * the MySQL staging table before its RENAME). A store that lost the run's outcome can be told the
 * truth later by reading it back (docs/decisions/104-run-marker-in-the-table-comment.md).
 */
import type { ConnectionConfig, TableRef } from './contract.js';
import { isEngineError } from './engine-error.js';
import { withSession } from './session-scope.js';
import type { Watermark } from './watermark.js';

const MARKER = /\s*\[pipecraft run ([0-9A-Za-z-]{1,64})\]\s*$/;

/** A table comment carrying `runId`, keeping whatever the user wrote in front of an older marker. */
export function withRunMarker(comment: string | null, runId: string): string {
  const own = (comment ?? '').replace(MARKER, '');
  return own.length > 0 ? `${own} [pipecraft run ${runId}]` : `[pipecraft run ${runId}]`;
}

/** The run id a table comment carries, or `null`. */
export function parseRunMarker(comment: string | null): string | null {
  return comment?.match(MARKER)?.[1] ?? null;
}

/**
 * The run whose rows `table` holds: `null` when the table is missing or carries no marker.
 * Throws a classified EngineError when the destination cannot be reached.
 */
export function readRunMarker(config: ConnectionConfig, table: TableRef): Promise<string | null> {
  return withSession(config, async (session) => parseRunMarker(await session.tableComment(table)));
}

/** What the run-state row of a destination table says: the append and merge modes' run marker and watermark. */
export interface RunState {
  /** The run whose rows the table last received through an append or merge mode. */
  runId: string;
  /** The watermark committed with those rows; `null` for modes without one. */
  watermark: Watermark | null;
}

/**
 * The append and merge modes' marker: `_pipecraft_state`, a table beside the destination, gets a
 * row in the same transaction as the rows (decision 121). `null` when there is none (no such table
 * or row). Throws a classified EngineError when the destination cannot be reached.
 */
export function readRunState(config: ConnectionConfig, table: TableRef): Promise<RunState | null> {
  return withSession(config, async (session) => {
    let result;
    try {
      result = await session.query(session.dialect.merge.readState(table), [table.table]);
    } catch (error) {
      if (isEngineError(error) && error.code === 'TABLE_NOT_FOUND') return null;
      throw error;
    }
    const row = result.rows[0];
    if (!row) return null;
    const watermark = typeof row.watermark === 'string' ? (JSON.parse(row.watermark) as Watermark) : null;
    return { runId: String(row.run_id), watermark };
  });
}
