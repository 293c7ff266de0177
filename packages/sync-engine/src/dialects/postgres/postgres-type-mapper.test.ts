import { describe, expect, it } from 'vitest';
import type { LogicalType } from '../../types/logical-type.js';
import { mysqlDialect } from '../mysql/mysql-dialect.js';
import { postgresToLogical, postgresToNative } from './postgres-type-mapper.js';

describe('postgresToLogical', () => {
  it.each<[string, LogicalType]>([
    ['smallint', { kind: 'int', bits: 16, unsigned: false }],
    ['integer', { kind: 'int', bits: 32, unsigned: false }],
    ['bigint', { kind: 'int', bits: 64, unsigned: false }],
    ['numeric(12,2)', { kind: 'decimal', precision: 12, scale: 2 }],
    ['numeric(5)', { kind: 'decimal', precision: 5, scale: 0 }],
    ['numeric', { kind: 'decimal', precision: null, scale: null }],
    ['real', { kind: 'float', bits: 32 }],
    ['double precision', { kind: 'float', bits: 64 }],
    ['boolean', { kind: 'bool' }],
    ['character(3)', { kind: 'text', length: 3, fixed: true }],
    ['character varying(64)', { kind: 'text', length: 64, fixed: false }],
    ['character varying', { kind: 'text', length: null, fixed: false }],
    ['text', { kind: 'text', length: null, fixed: false }],
    ['bytea', { kind: 'bytes', length: null, fixed: false }],
    ['date', { kind: 'date' }],
    ['time(3) without time zone', { kind: 'time', precision: 3, withTimeZone: false }],
    ['time with time zone', { kind: 'time', precision: null, withTimeZone: true }],
    ['timestamp(6) without time zone', { kind: 'timestamp', precision: 6, withTimeZone: false }],
    ['timestamp with time zone', { kind: 'timestamp', precision: null, withTimeZone: true }],
    ['json', { kind: 'json', binary: false }],
    ['jsonb', { kind: 'json', binary: true }],
    ['uuid', { kind: 'uuid' }],
    ['tsvector', { kind: 'tsvector' }],
    ['interval', { kind: 'interval' }],
    ['bit(10)', { kind: 'bit', length: 10 }],
    ['integer[]', { kind: 'array', element: { kind: 'int', bits: 32, unsigned: false }, elementNative: 'integer' }],
    ['money', { kind: 'native', dialect: 'postgres', nativeType: 'money', textual: true }],
    ['point', { kind: 'native', dialect: 'postgres', nativeType: 'point', textual: true }],
  ])('%s', (native, logical) => {
    expect(postgresToLogical(native)).toEqual(logical);
  });

  it('reads enum labels when the catalog gives them', () => {
    expect(postgresToLogical('mood', { enum: { labels: ['a', 'b'] } })).toEqual({ kind: 'enum', values: ['a', 'b'] });
  });
});

describe('postgresToNative', () => {
  const fromMysql = {
    primaryKey: false,
    source: { label: mysqlDialect.label, limits: mysqlDialect.capabilities.valueLimits },
  };
  it.each<[LogicalType, string, boolean]>([
    [{ kind: 'int', bits: 8, unsigned: false }, 'smallint', false],
    [{ kind: 'int', bits: 8, unsigned: false, booleanLike: true }, 'boolean', true],
    [{ kind: 'int', bits: 16, unsigned: true }, 'integer', false],
    [{ kind: 'int', bits: 24, unsigned: true }, 'integer', false],
    [{ kind: 'int', bits: 32, unsigned: true }, 'bigint', false],
    [{ kind: 'int', bits: 64, unsigned: true }, 'numeric(20,0)', false],
    [{ kind: 'decimal', precision: 65, scale: 30 }, 'numeric(65,30)', false],
    [{ kind: 'float', bits: 32 }, 'real', false],
    // MySQL text may hold NUL, which PostgreSQL text cannot: stripped, and said so in the preview.
    [{ kind: 'text', length: 5, fixed: true }, 'character(5)', true],
    [{ kind: 'text', length: null, fixed: false, maxBytes: 255 }, 'text', true],
    [{ kind: 'bytes', length: 16, fixed: true }, 'bytea', true],
    [{ kind: 'time', precision: 6, withTimeZone: false }, 'time(6) without time zone', true],
    [{ kind: 'timestamp', precision: 0, withTimeZone: true, epochRange: true }, 'timestamp(0) with time zone', true],
    [{ kind: 'year' }, 'smallint', false],
    [{ kind: 'json', binary: false }, 'json', false],
    [{ kind: 'enum', values: ['a'] }, 'text', false],
    [{ kind: 'set', values: ['a'] }, 'text[]', true],
    [{ kind: 'geometry', subtype: 'point', srid: null }, 'text', true],
    [{ kind: 'native', dialect: 'mysql', nativeType: 'inet6', textual: true }, 'text', true],
  ])('%j → %s', (logical, native, lossy) => {
    const mapping = postgresToNative(logical, fromMysql);
    expect(mapping.nativeType).toBe(native);
    expect(Boolean(mapping.lossyReason)).toBe(lossy);
  });
});
