import type { TableRef } from '../../contract.js';
import type { MergeSqlBuilder } from '../../dialect.js';
import { qualifyPostgres, quotePostgresIdentifier as q } from './postgres-ddl.js';

const STATE_TABLE = '_pipecraft_state';

function stateRef(table: TableRef): string {
  return qualifyPostgres({ schema: table.schema, table: STATE_TABLE });
}

function joinOn(keys: string[], left: string, right: string): string {
  return keys.map((key) => `${left}.${q(key)} = ${right}.${q(key)}`).join(' AND ');
}

/** The live row `l` differs from the staged one: a non-key value, or (with `clear`) a soft-delete mark to clear. */
function differs(columns: string[], keys: string[], clear: string | null, live: string, staged: string): string {
  const values = columns.filter((column) => !keys.includes(column));
  const parts =
    values.length > 0
      ? [
          `(${values.map((c) => `${live}.${q(c)}`).join(', ')}) IS DISTINCT FROM (${values.map((c) => `${staged}.${q(c)}`).join(', ')})`,
        ]
      : [];
  if (clear) parts.push(`${live}.${q(clear)} IS NOT NULL`);
  return parts.length > 0 ? `(${parts.join(' OR ')})` : 'false';
}

/** PostgreSQL merges: a temp staging table dropped at COMMIT, `INSERT … ON CONFLICT`, anti-joins. */
export const postgresMergeSql: MergeSqlBuilder = {
  createStaging(live, columns, _keys, name) {
    // No index: PostgreSQL joins the staged rows by hashing them.
    const table = { schema: 'pg_temp', table: name };
    const list = columns.map(q).join(', ');
    return {
      sql: `CREATE TEMP TABLE ${q(name)} ON COMMIT DROP AS SELECT ${list} FROM ${qualifyPostgres(live)} WITH NO DATA`,
      table,
    };
  },
  dropStaging() {
    return null;
  },
  countMatched(live, staging, columns, keys, clear) {
    const changed = differs(columns, keys, clear, 'l', 's');
    return `SELECT count(*)::text AS matched, count(*) FILTER (WHERE ${changed})::text AS changed FROM ${qualifyPostgres(staging)} s JOIN ${qualifyPostgres(live)} l ON ${joinOn(keys, 'l', 's')}`;
  },
  upsert(live, staging, columns, keys, clear) {
    const targets = [...columns, ...(clear ? [clear] : [])].map(q).join(', ');
    const values = [...columns.map((column) => `s.${q(column)}`), ...(clear ? ['NULL'] : [])].join(', ');
    const updates = [
      ...columns.filter((column) => !keys.includes(column)).map((column) => `${q(column)} = EXCLUDED.${q(column)}`),
      ...(clear ? [`${q(clear)} = NULL`] : []),
    ];
    const action = updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING';
    // Only new and changed rows reach the upsert: ON CONFLICT locks (so writes) every row it
    // matches, even one its WHERE would leave alone — a full merge of unchanged rows would rewrite
    // the whole table. One hash join picks them instead.
    return (
      `INSERT INTO ${qualifyPostgres(live)} (${targets}) SELECT ${values} FROM ${qualifyPostgres(staging)} s ` +
      `LEFT JOIN ${qualifyPostgres(live)} l ON ${joinOn(keys, 'l', 's')} ` +
      `WHERE l.${q(keys[0]!)} IS NULL OR ${differs(columns, keys, clear, 'l', 's')} ` +
      `ON CONFLICT (${keys.map(q).join(', ')}) ${action}`
    );
  },
  transactionSetting: 'SET LOCAL random_page_cost = 1.1',
  analyzeStaging(staging) {
    // A temp table has no statistics until analysed: without them the joins plan as if it were tiny or huge.
    return `ANALYZE ${qualifyPostgres(staging)}`;
  },
  deleteMissing(live, staging, keys) {
    return `DELETE FROM ${qualifyPostgres(live)} AS l WHERE NOT EXISTS (SELECT 1 FROM ${qualifyPostgres(staging)} s WHERE ${joinOn(keys, 's', 'l')})`;
  },
  markMissing(live, staging, keys, column) {
    return `UPDATE ${qualifyPostgres(live)} AS l SET ${q(column)} = now() WHERE l.${q(column)} IS NULL AND NOT EXISTS (SELECT 1 FROM ${qualifyPostgres(staging)} s WHERE ${joinOn(keys, 's', 'l')})`;
  },
  addTimestampColumn(table, column) {
    return this.addColumn(table, column, 'timestamp with time zone');
  },
  addColumn(table, column, nativeType) {
    return `ALTER TABLE ${qualifyPostgres(table)} ADD COLUMN ${q(column)} ${nativeType} NULL`;
  },
  timestampType: 'timestamp with time zone',
  createStateTable(table) {
    return `CREATE TABLE IF NOT EXISTS ${stateRef(table)} (table_name text PRIMARY KEY, run_id varchar(64) NOT NULL, watermark text, updated_at timestamp with time zone NOT NULL DEFAULT now())`;
  },
  writeState(table) {
    return `INSERT INTO ${stateRef(table)} (table_name, run_id, watermark, updated_at) VALUES ($1, $2, $3, now()) ON CONFLICT (table_name) DO UPDATE SET run_id = EXCLUDED.run_id, watermark = EXCLUDED.watermark, updated_at = now()`;
  },
  readState(table) {
    return `SELECT run_id, watermark FROM ${stateRef(table)} WHERE table_name = $1`;
  },
};
