import { describe, expect, it } from 'vitest';
import type { ValueLimits } from '../dialect.js';
import { mysqlValueLimits } from '../dialects/mysql/mysql-type-mapper.js';
import { postgresValueLimits } from '../dialects/postgres/postgres-type-mapper.js';
import { arrayLiteralToJson, setToArrayLiteral } from './array-literal.js';
import { WarningLog, buildConverter, utcTime } from './convert-value.js';

const mysqlLimits = mysqlValueLimits;
const postgresLimits = postgresValueLimits;

describe('array and set conversion', () => {
  it.each([
    ['{1,2,3}', { kind: 'int', bits: 32, unsigned: false } as const, '[1,2,3]'],
    [
      '{"a b","c,d",NULL,"q\\"uote"}',
      { kind: 'text', length: null, fixed: false } as const,
      '["a b","c,d",null,"q\\"uote"]',
    ],
    ['{{1,2},{3,4}}', { kind: 'int', bits: 32, unsigned: false } as const, '[[1,2],[3,4]]'],
    ['{t,f}', { kind: 'bool' } as const, '[true,false]'],
    ['{}', { kind: 'int', bits: 32, unsigned: false } as const, '[]'],
    [
      '{123456789012345678901234567890}',
      { kind: 'decimal', precision: null, scale: null } as const,
      '[123456789012345678901234567890]',
    ],
  ])('%s → %s', (literal, element, json) => {
    expect(arrayLiteralToJson(literal, element)).toBe(json);
  });
  it('turns a MySQL SET into a text[] literal', () => {
    expect(setToArrayLiteral('')).toBe('{}');
    expect(setToArrayLiteral('a,b c')).toBe('{"a","b c"}');
  });
});

describe('buildConverter', () => {
  const other = (limits: ValueLimits) => (limits === mysqlLimits ? postgresLimits : mysqlLimits);
  const context = (limits: ValueLimits, nullable = true) => ({
    column: 'c',
    table: 's.t',
    destinationNullable: nullable,
    limits,
    sourceLimits: other(limits),
    warnings: new WarningLog(),
  });
  it('is the identity when nothing can differ', () => {
    expect(
      buildConverter(
        { kind: 'int', bits: 32, unsigned: false },
        { kind: 'int', bits: 64, unsigned: false },
        context(mysqlLimits),
      ),
    ).toBeNull();
    const samePg = {
      column: 'c',
      table: 's.t',
      destinationNullable: true,
      limits: postgresLimits,
      sourceLimits: postgresLimits,
      warnings: new WarningLog(),
    };
    expect(
      buildConverter(
        { kind: 'text', length: null, fixed: false },
        { kind: 'text', length: null, fixed: false },
        samePg,
      ),
    ).toBeNull();
    expect(
      buildConverter(
        { kind: 'decimal', precision: 12, scale: 2 },
        { kind: 'decimal', precision: 12, scale: 2 },
        samePg,
      ),
    ).toBeNull();
    expect(
      buildConverter(
        { kind: 'timestamp', precision: null, withTimeZone: true },
        { kind: 'timestamp', precision: null, withTimeZone: true },
        samePg,
      ),
    ).toBeNull();
  });
  it('maps tinyint(1) to boolean and rejects anything but 0/1', () => {
    const convert = buildConverter(
      { kind: 'int', bits: 8, unsigned: false, booleanLike: true },
      { kind: 'bool' },
      context(postgresLimits),
    )!;
    expect([convert('0'), convert('1'), convert(null)]).toEqual(['f', 't', null]);
    expect(() => convert('2')).toThrow(/not 0 or 1/);
  });
  it('turns zero dates into NULL with a warning, or rejects them for NOT NULL', () => {
    const ctx = context(postgresLimits);
    const convert = buildConverter({ kind: 'date' }, { kind: 'date' }, ctx)!;
    expect(convert('0000-00-00')).toBeNull();
    expect(convert('2020-00-15')).toBeNull();
    expect(convert('2020-01-15')).toBe('2020-01-15');
    expect(ctx.warnings.list()).toEqual(['Column "c": MySQL zero dates written as NULL (2 values)']);
    expect(ctx.warnings.entries()).toEqual([{ column: 'c', policy: 'zero-date-as-null', count: 2, sampleKey: null }]);
    expect(() =>
      buildConverter({ kind: 'date' }, { kind: 'date' }, context(postgresLimits, false))!('0000-00-00'),
    ).toThrow(/NOT NULL/);
  });
  it('checks decimal digits without a JS number', () => {
    const convert = buildConverter(
      { kind: 'decimal', precision: null, scale: null },
      { kind: 'decimal', precision: 20, scale: 0 },
      context(mysqlLimits),
    )!;
    expect(convert('18446744073709551615')).toBe('18446744073709551615');
    expect(() => convert('123456789012345678901')).toThrow(/decimal\(20,0\)/);
    expect(() => convert('NaN')).toThrow(/DECIMAL/);
  });
});

describe('utcTime', () => {
  it.each([
    ['12:00:00+05:30', '06:30:00'],
    ['00:00:01-02', '02:00:01'],
    ['23:30:00.5-01', '00:30:00.5'],
    ['10:00:00+00', '10:00:00'],
  ])('%s → %s', (input, output) => {
    expect(utcTime(input)).toBe(output);
  });
});
