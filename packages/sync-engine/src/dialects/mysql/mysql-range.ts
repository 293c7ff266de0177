import type { TableRef } from '../../contract.js';
import type { ReadRange } from '../../dialect.js';
import type { LogicalColumn } from '../../types/logical-type.js';
import { qualifyMysql, quoteMysqlIdentifier as q } from './mysql-ddl.js';

/**
 * A parameter typed as its column: MySQL compares a string with a number as two doubles (MySQL
 * manual, "Type Conversion in Expression Evaluation"), which is inexact past 2^53 and for decimals,
 * so numbers and dates are cast to the column's kind and compared exactly.
 */
function typed(column: LogicalColumn): string {
  const logical = column.logical;
  switch (logical.kind) {
    case 'int':
      return logical.unsigned ? 'CAST(? AS UNSIGNED)' : 'CAST(? AS SIGNED)';
    case 'decimal':
      return `CAST(? AS DECIMAL(65, ${Math.min(30, logical.scale ?? 0)}))`;
    case 'date':
      return 'CAST(? AS DATE)';
    case 'timestamp':
      return 'CAST(? AS DATETIME(6))';
    default:
      return '?';
  }
}

/**
 * `(c, k) > (?, ?)` in its expanded form, `c > ? OR (c = ? AND k > ?)`: MariaDB's range optimizer
 * uses a (cursor, key) index for the OR form, not for a row comparison.
 */
function after(columns: LogicalColumn[], values: string[], at: number, params: string[]): string {
  const column = columns[at]!;
  const name = q(column.name);
  params.push(values[at]!);
  if (at === columns.length - 1) return `${name} > ${typed(column)}`;
  const greater = `${name} > ${typed(column)}`;
  params.push(values[at]!);
  const equal = `${name} = ${typed(column)}`;
  return `(${greater} OR (${equal} AND ${after(columns, values, at + 1, params)}))`;
}

/** The SELECT of a watermarked read, with its parameters. */
export function rangeSelect(table: TableRef, selectList: string, range: ReadRange): { sql: string; params: string[] } {
  const order = range.orderBy.map((column) => q(column.name));
  const cursor = order[0]!;
  const params: string[] = [];
  let where = '';
  if (range.after && range.lookbackSeconds) {
    params.push(range.after[0]!, String(range.lookbackSeconds));
    where = ` WHERE ${cursor} >= CAST(? AS DATETIME(6)) - INTERVAL ? SECOND`;
  } else if (range.after) {
    where = ` WHERE ${after(range.orderBy, range.after, 0, params)}`;
  }
  const orderBy = range.after ? order : [`(${cursor} IS NULL) DESC`, ...order];
  return { sql: `SELECT ${selectList} FROM ${qualifyMysql(table)}${where} ORDER BY ${orderBy.join(', ')}`, params };
}
