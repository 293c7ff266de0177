import { describe, expect, it } from 'vitest';
import { mysqlDialect } from '../dialects/mysql/mysql-dialect.js';
import { postgresDialect } from '../dialects/postgres/postgres-dialect.js';
import { identifierProblems } from './identifier-limits.js';

const pg = (table: string, columns: string[]) =>
  identifierProblems(table, columns, postgresDialect.capabilities, postgresDialect.label).map((p) => p.name);
const my = (table: string, columns: string[]) =>
  identifierProblems(table, columns, mysqlDialect.capabilities, mysqlDialect.label).map((p) => p.name);

describe('identifier limits, per destination', () => {
  it('PostgreSQL counts bytes: 63 fit, 64 do not, whatever the characters', () => {
    expect(pg('t', ['a'.repeat(63), 'é'.repeat(31) + 'x'])).toEqual([]);
    expect(pg('t', ['a'.repeat(64), 'é'.repeat(32)])).toEqual(['a'.repeat(64), 'é'.repeat(32)]);
    expect(pg('x'.repeat(64), [])).toEqual(['x'.repeat(64)]);
  });

  it('PostgreSQL takes trailing spaces, emoji and names equal but for case', () => {
    expect(pg('t😀', ['a ', 'A', 'a', '😀'])).toEqual([]);
  });

  it('MySQL counts characters, refuses trailing spaces and emoji, and folds case and accents', () => {
    expect(my('t', ['é'.repeat(64)])).toEqual([]);
    expect(my('t', ['é'.repeat(65)])).toEqual(['é'.repeat(65)]);
    expect(my('t😀', ['a ', 'x😀'])).toEqual(['t😀', 'a ', 'x😀']);
    expect(my('t', ['A', 'a', 'é', 'E\u0301', 'b'])).toEqual(['a', 'E\u0301']);
  });
});
