import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../contract.js';
import { classifyMysqlError } from './mysql-driver.js';

const config: ConnectionConfig = { dialect: 'mysql', host: 'db', port: 3306, database: 'd', user: 'u' };

/** A server error as mysql2 hands it over: MySQL's name for the number, whichever server sent it. */
function serverError(code: string, errno: number, sqlState: string): Error {
  return Object.assign(new Error(`${code} from the server`), { code, errno, sqlState });
}

describe('classifyMysqlError', () => {
  it.each([
    // MariaDB's CHECK violation arrives under MySQL's name for 4025 (write-mode-faults.test.ts found it).
    ['MariaDB CHECK violation', 'ROW_REJECTED', serverError('ER_INNODB_AUTOEXTEND_SIZE_OUT_OF_RANGE', 4025, '23000')],
    ["MySQL's CHECK violation", 'ROW_REJECTED', serverError('ER_CHECK_CONSTRAINT_VIOLATED', 3819, 'HY000')],
    ["MySQL's own error 4025", 'ENGINE_ERROR', serverError('ER_INNODB_AUTOEXTEND_SIZE_OUT_OF_RANGE', 4025, 'HY000')],
    ['a duplicate key', 'ROW_REJECTED', serverError('ER_DUP_ENTRY', 1062, '23000')],
  ])('%s → %s', (_name, code, error) => {
    expect(classifyMysqlError(error, config).code).toBe(code);
  });
});
