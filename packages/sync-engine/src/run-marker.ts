/**
 * The run marker: the id of the run whose rows a destination table holds, kept in the table's
 * comment and written in the same atomic step as the rows (inside the PostgreSQL transaction; on
 * the MySQL staging table before its RENAME). A store that lost the run's outcome can be told the
 * truth later by reading it back (docs/decisions/104-run-marker-in-the-table-comment.md).
 */
import type { ConnectionConfig, TableRef } from './contract.js';
import { withSession } from './session-scope.js';

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
