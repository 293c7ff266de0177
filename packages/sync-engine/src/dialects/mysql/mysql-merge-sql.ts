import type { TableRef } from '../../contract.js';
import type { MergeSqlBuilder } from '../../dialect.js';
import { qualifyMysql, quoteMysqlIdentifier as q } from './mysql-ddl.js';

const STATE_TABLE = '_pipecraft_state';
/** The change set's column: 1 for a new key, 0 for a changed row. */
const NEW = '`_pipecraft_new`';

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
  missingKeysAside: true,
  createStaging(live, columns, keys, name, shared) {
    const table = { schema: live.schema, table: name };
    const list = columns.map(q).join(', ');
    // MariaDB joins by nested loops: without a key on the staged rows an anti-join of N rows is N².
    return {
      sql: `CREATE ${shared ? '' : 'TEMPORARY '}TABLE ${qualifyMysql(table)} (PRIMARY KEY (${keys.map(q).join(', ')})) ENGINE=InnoDB AS SELECT ${list} FROM ${qualifyMysql(live)} LIMIT 0`,
      table,
    };
  },
  dropStaging(staging, shared) {
    return `DROP ${shared ? '' : 'TEMPORARY '}TABLE IF EXISTS ${qualifyMysql(staging)}`;
  },
  changeSet(live, staging, { name, columns, keys, clear, missing, missingKeys }) {
    const changes = { schema: live.schema, table: name };
    const gone = { schema: live.schema, table: missingKeys.name };
    const first = q(keys[0]!);
    const values = columns.filter((column) => !keys.includes(column));
    // `<=>` is NULL-safe equality: a row is unchanged when every value is equal or both NULL.
    const same = values.map((column) => `l.${q(column)} <=> s.${q(column)}`);
    if (clear) same.push(`l.${q(clear)} IS NULL`);
    const changed = same.length > 0 ? ` OR NOT (${same.join(' AND ')})` : '';
    const keyed = `(PRIMARY KEY (${keys.map(q).join(', ')})) ENGINE=InnoDB`;
    // MariaDB has no FULL JOIN: the keys that left the source are a second pass, the other way
    // round (live rows probing the keyed staging table), into their own keys-only table.
    const build = [
      `CREATE TEMPORARY TABLE ${qualifyMysql(changes)} ${keyed} AS SELECT ${columns.map((column) => `s.${q(column)}`).join(', ')}, ` +
        `(l.${first} IS NULL) AS ${NEW} FROM ${qualifyMysql(staging)} s LEFT JOIN ${qualifyMysql(live)} l ON ${joinOn(keys, 'l', 's')} ` +
        `WHERE l.${first} IS NULL${changed}`,
    ];
    // MariaDB has no FULL JOIN: the keys that left the source are a second pass, the other way
    // round (live rows probing the keyed staging table), into a keys-only table — on a second
    // session at the same time as the first pass when the staging table is shared.
    const missingPass = missing
      ? [
          `CREATE ${missingKeys.aside ? '' : 'TEMPORARY '}TABLE ${qualifyMysql(gone)} ${keyed} AS SELECT ${keys.map((key) => `l.${q(key)}`).join(', ')} ` +
            `FROM ${qualifyMysql(live)} l LEFT JOIN ${qualifyMysql(staging)} s ON ${joinOn(keys, 's', 'l')} WHERE s.${first} IS NULL` +
            (missing.mode === 'soft' ? ` AND l.${q(missing.column)} IS NULL` : ''),
        ]
      : [];
    if (!missingKeys.aside) build.push(...missingPass);
    const targets = [...columns, ...(clear ? [clear] : [])].map(q).join(', ');
    const applied = [...columns.map(q), ...(clear ? ['NULL'] : [])].join(', ');
    const updates = [
      ...values.map((column) => `${q(column)} = VALUES(${q(column)})`),
      ...(clear ? [`${q(clear)} = NULL`] : []),
    ];
    // Every column a key: nothing to update, but the statement still needs an assignment.
    if (updates.length === 0) updates.push(`${first} = ${first}`);
    return {
      build,
      count: `SELECT COALESCE(SUM(${NEW}), 0) AS inserted, COALESCE(SUM(1 - ${NEW}), 0) AS updated FROM ${qualifyMysql(changes)}`,
      apply: `INSERT INTO ${qualifyMysql(live)} (${targets}) SELECT ${applied} FROM ${qualifyMysql(changes)} ON DUPLICATE KEY UPDATE ${updates.join(', ')}`,
      removeMissing: !missing
        ? null
        : missing.mode === 'hard'
          ? `DELETE l FROM ${qualifyMysql(live)} l JOIN ${qualifyMysql(gone)} g ON ${joinOn(keys, 'g', 'l')}`
          : `UPDATE ${qualifyMysql(live)} l JOIN ${qualifyMysql(gone)} g ON ${joinOn(keys, 'g', 'l')} SET l.${q(missing.column)} = UTC_TIMESTAMP(6) WHERE l.${q(missing.column)} IS NULL`,
      // Autocommit on its own session: READ COMMITTED there too, so its scan of the live table is
      // a consistent read, not a share lock on every row (see MysqlSession.begin).
      aside: missingKeys.aside ? ['SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', ...missingPass] : [],
      drop: [
        `DROP TEMPORARY TABLE IF EXISTS ${qualifyMysql(changes)}`,
        ...(missing ? [`DROP ${missingKeys.aside ? '' : 'TEMPORARY '}TABLE IF EXISTS ${qualifyMysql(gone)}`] : []),
      ],
    };
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
