import type { TableRef } from '../../contract.js';
import type { ReadRange } from '../../dialect.js';
import type { LogicalColumn } from '../../types/logical-type.js';
import { qualifyPostgres, quotePostgresIdentifier as q } from './postgres-ddl.js';

/**
 * COPY takes no bind parameters, so the watermark's values reach the server as parameters of a
 * `set_config` call first and the COPY's query reads them back with `current_setting`, cast to the
 * column's own type: the comparison is the server's, exact, and no value is spliced into SQL.
 */
export function rangeSettings(range: ReadRange): { sql: string; params: string[] } | null {
  if (!range.after) return null;
  const params = [...range.after, String(range.lookbackSeconds ?? 0)];
  const calls = params.map((_, index) => `set_config('pipecraft.after_${index}', $${index + 1}, false)`);
  return { sql: `SELECT ${calls.join(', ')}`, params };
}

function setting(index: number, column: LogicalColumn): string {
  return `current_setting('pipecraft.after_${index}')::${column.nativeType}`;
}

/** The SELECT a watermarked COPY runs: the range predicate and the `(cursor, key…)` order. */
export function rangeSelect(table: TableRef, columns: LogicalColumn[], range: ReadRange): string {
  const list = columns.map((column) => q(column.name)).join(', ');
  const order = range.orderBy.map((column) => q(column.name));
  const cursor = order[0]!;
  let where = '';
  if (range.after && range.lookbackSeconds) {
    const lookback = `current_setting('pipecraft.after_${range.after.length}')::integer * interval '1 second'`;
    where = ` WHERE ${cursor} >= ${setting(0, range.orderBy[0]!)} - ${lookback}`;
  } else if (range.after) {
    // A row comparison: PostgreSQL walks a (cursor, key) index for it.
    where = ` WHERE (${order.join(', ')}) > (${range.orderBy.map((column, index) => setting(index, column)).join(', ')})`;
  }
  // The first read takes NULL cursors too, before all others, so the last row has a cursor.
  const orderBy = range.after ? order : [`(${cursor} IS NULL) DESC`, ...order];
  return `SELECT ${list} FROM ${qualifyPostgres(table)}${where} ORDER BY ${orderBy.join(', ')}`;
}
