import type { TableRef } from '../../contract.js';
import type { MergeSqlBuilder } from '../../dialect.js';
import { qualifyMysql, quoteMysqlIdentifier as q } from './mysql-ddl.js';

const STATE_TABLE = '_pipecraft_state';

function stateRef(table: TableRef): string {
  return qualifyMysql({ schema: table.schema, table: STATE_TABLE });
}

function joinOn(keys: string[], left: string, right: string): string {
  return keys.map((key) => `${left}.${q(key)} = ${right}.${q(key)}`).join(' AND ');
}

/**
 * MySQL / MariaDB merges. `ON DUPLICATE KEY UPDATE` leaves a row whose values are all the same
 * untouched by itself (0 affected rows). DDL commits implicitly, so everything that is DDL (the staging table,
 * the state table, a new column) runs before START TRANSACTION; `CREATE TEMPORARY TABLE` does not
 * commit, and the temporary staging table is private to the session.
 */
export const mysqlMergeSql: MergeSqlBuilder = {
  createStaging(live, columns, keys, name) {
    const table = { schema: live.schema, table: name };
    const list = columns.map(q).join(', ');
    // MariaDB joins by nested loops: without a key on the staged rows an anti-join of N rows is N².
    return {
      sql: `CREATE TEMPORARY TABLE ${qualifyMysql(table)} (PRIMARY KEY (${keys.map(q).join(', ')})) ENGINE=InnoDB AS SELECT ${list} FROM ${qualifyMysql(live)} LIMIT 0`,
      table,
    };
  },
  dropStaging(staging) {
    return `DROP TEMPORARY TABLE IF EXISTS ${qualifyMysql(staging)}`;
  },
  countMatched(live, staging, columns, keys, clear) {
    const values = columns.filter((column) => !keys.includes(column));
    // `<=>` is NULL-safe equality: a row is unchanged when every value is equal or both NULL.
    const same = values.map((column) => `l.${q(column)} <=> s.${q(column)}`);
    if (clear) same.push(`l.${q(clear)} IS NULL`);
    const changed = same.length > 0 ? `NOT (${same.join(' AND ')})` : 'FALSE';
    return `SELECT COUNT(*) AS matched, COALESCE(SUM(${changed}), 0) AS changed FROM ${qualifyMysql(staging)} s JOIN ${qualifyMysql(live)} l ON ${joinOn(keys, 'l', 's')}`;
  },
  upsert(live, staging, columns, keys, clear) {
    const targets = [...columns, ...(clear ? [clear] : [])].map(q).join(', ');
    const values = [...columns.map((column) => `s.${q(column)}`), ...(clear ? ['NULL'] : [])].join(', ');
    const updates = [
      ...columns.filter((column) => !keys.includes(column)).map((column) => `${q(column)} = VALUES(${q(column)})`),
      ...(clear ? [`${q(clear)} = NULL`] : []),
    ];
    // Every column a key: nothing to update, but the statement still needs an assignment.
    if (updates.length === 0) updates.push(`${q(keys[0]!)} = ${q(keys[0]!)}`);
    // Only new and changed rows reach the upsert (one join picks them), so a full merge of
    // unchanged rows does not touch them.
    const same = columns
      .filter((column) => !keys.includes(column))
      .map((column) => `l.${q(column)} <=> s.${q(column)}`);
    if (clear) same.push(`l.${q(clear)} IS NULL`);
    const changed = same.length > 0 ? ` OR NOT (${same.join(' AND ')})` : '';
    return (
      `INSERT INTO ${qualifyMysql(live)} (${targets}) SELECT ${values} FROM ${qualifyMysql(staging)} s ` +
      `LEFT JOIN ${qualifyMysql(live)} l ON ${joinOn(keys, 'l', 's')} WHERE l.${q(keys[0]!)} IS NULL${changed} ` +
      `ON DUPLICATE KEY UPDATE ${updates.join(', ')}`
    );
  },
  transactionSetting: null,
  analyzeStaging() {
    return null;
  },
  deleteMissing(live, staging, keys) {
    return `DELETE l FROM ${qualifyMysql(live)} l LEFT JOIN ${qualifyMysql(staging)} s ON ${joinOn(keys, 's', 'l')} WHERE s.${q(keys[0]!)} IS NULL`;
  },
  markMissing(live, staging, keys, column) {
    return `UPDATE ${qualifyMysql(live)} l LEFT JOIN ${qualifyMysql(staging)} s ON ${joinOn(keys, 's', 'l')} SET l.${q(column)} = UTC_TIMESTAMP(6) WHERE s.${q(keys[0]!)} IS NULL AND l.${q(column)} IS NULL`;
  },
  addTimestampColumn(table, column) {
    return this.addColumn(table, column, 'datetime(6)');
  },
  addColumn(table, column, nativeType) {
    return `ALTER TABLE ${qualifyMysql(table)} ADD COLUMN ${q(column)} ${nativeType} NULL`;
  },
  timestampType: 'datetime(6)',
  createStateTable(table) {
    return `CREATE TABLE IF NOT EXISTS ${stateRef(table)} (table_name varchar(255) NOT NULL PRIMARY KEY, run_id varchar(64) NOT NULL, watermark longtext NULL, updated_at datetime(6) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;
  },
  writeState(table) {
    return `INSERT INTO ${stateRef(table)} (table_name, run_id, watermark, updated_at) VALUES (?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE run_id = VALUES(run_id), watermark = VALUES(watermark), updated_at = VALUES(updated_at)`;
  },
  readState(table) {
    return `SELECT run_id, watermark FROM ${stateRef(table)} WHERE table_name = ?`;
  },
};
