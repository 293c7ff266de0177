import { describe, expect, it } from 'vitest';
import type { LogicalType } from '../../types/logical-type.js';
import { postgresDialect } from '../postgres/postgres-dialect.js';
import { mysqlToLogical, mysqlToNative, parseMysqlMembers } from './mysql-type-mapper.js';

describe('mysqlToLogical', () => {
  it.each<[string, LogicalType]>([
    ['tinyint(4)', { kind: 'int', bits: 8, unsigned: false }],
    ['tinyint(1)', { kind: 'int', bits: 8, unsigned: false, booleanLike: true }],
    ['tinyint(3) unsigned', { kind: 'int', bits: 8, unsigned: true }],
    ['mediumint(8) unsigned', { kind: 'int', bits: 24, unsigned: true }],
    ['bigint(20) unsigned zerofill', { kind: 'int', bits: 64, unsigned: true }],
    ['decimal(10,2) unsigned', { kind: 'decimal', precision: 10, scale: 2, unsigned: true }],
    ['double', { kind: 'float', bits: 64 }],
    ['varchar(255)', { kind: 'text', length: 255, fixed: false }],
    ['mediumtext', { kind: 'text', length: null, fixed: false, maxBytes: 16_777_215 }],
    ['binary(16)', { kind: 'bytes', length: 16, fixed: true }],
    ['longblob', { kind: 'bytes', length: null, fixed: false, maxBytes: 4_294_967_295 }],
    ['datetime(6)', { kind: 'timestamp', precision: 6, withTimeZone: false }],
    ['timestamp', { kind: 'timestamp', precision: 0, withTimeZone: true, epochRange: true }],
    ['time(3)', { kind: 'time', precision: 3, withTimeZone: false }],
    ['year(4)', { kind: 'year' }],
    ['json', { kind: 'json', binary: true }],
    ["enum('a','it''s')", { kind: 'enum', values: ['a', "it's"] }],
    ["set('x','y')", { kind: 'set', values: ['x', 'y'] }],
    ['point', { kind: 'geometry', subtype: 'point', srid: null }],
    ['uuid', { kind: 'uuid' }],
    ['inet6', { kind: 'native', dialect: 'mysql', nativeType: 'inet6', textual: true }],
  ])('%s', (native, logical) => {
    expect(mysqlToLogical(native)).toEqual(logical);
  });

  it('treats MariaDB longtext with json_valid() as JSON text', () => {
    expect(mysqlToLogical('longtext', true)).toEqual({ kind: 'json', binary: false });
  });

  it('parses enum members with commas and quotes', () => {
    expect(parseMysqlMembers("enum('a,b','c''d','')")).toEqual(['a,b', "c'd", '']);
  });
});

describe('mysqlToNative', () => {
  const fromPostgres = {
    primaryKey: false,
    source: { label: postgresDialect.label, limits: postgresDialect.capabilities.valueLimits },
  };
  it.each<[LogicalType, string, boolean]>([
    [{ kind: 'int', bits: 16, unsigned: false }, 'smallint', false],
    [{ kind: 'bool' }, 'tinyint(1)', false],
    [{ kind: 'decimal', precision: 12, scale: 2 }, 'decimal(12,2)', true],
    [{ kind: 'decimal', precision: null, scale: null }, 'decimal(65,30)', true],
    [{ kind: 'decimal', precision: 100, scale: 40 }, 'decimal(65,30)', true],
    [{ kind: 'text', length: 64, fixed: false }, 'varchar(64)', false],
    [{ kind: 'text', length: null, fixed: false }, 'longtext', false],
    [{ kind: 'text', length: 100_000, fixed: false }, 'longtext', true],
    [{ kind: 'bytes', length: null, fixed: false }, 'longblob', false],
    [{ kind: 'timestamp', precision: null, withTimeZone: true }, 'datetime(6)', true],
    [{ kind: 'timestamp', precision: 3, withTimeZone: false }, 'datetime(3)', true],
    [{ kind: 'json', binary: true }, 'json', true],
    [{ kind: 'uuid' }, 'char(36)', false],
    [{ kind: 'enum', values: ['a', "b'c"] }, "enum('a','b''c')", false],
    [{ kind: 'array', element: { kind: 'int', bits: 32, unsigned: false }, elementNative: 'integer' }, 'json', true],
    [{ kind: 'tsvector' }, 'longtext', true],
  ])('%j → %s', (logical, native, lossy) => {
    const mapping = mysqlToNative(logical, fromPostgres);
    expect(mapping.nativeType).toBe(native);
    expect(Boolean(mapping.lossyReason)).toBe(lossy);
  });

  it('limits primary-key text to what InnoDB can index', () => {
    expect(
      mysqlToNative({ kind: 'text', length: null, fixed: false }, { ...fromPostgres, primaryKey: true }),
    ).toMatchObject({ nativeType: 'varchar(768)' });
  });
});
