import { describe, expect, it } from 'vitest';
import { mysqlDialect } from '../dialects/mysql/mysql-dialect.js';
import { postgresDialect } from '../dialects/postgres/postgres-dialect.js';
import { DEFAULT_VALUE_LIMITS } from '../dialects/capability-defaults.js';
import type { Dialect } from '../dialect.js';
import type { LogicalType } from './logical-type.js';
import { datesOutOfRange } from './limit-losses.js';

const from = (dialect: Dialect) => ({
  primaryKey: false,
  source: { label: dialect.label, limits: dialect.capabilities.valueLimits },
});

describe('datesOutOfRange', () => {
  it('lists what the source holds beyond the destination', () => {
    expect(
      datesOutOfRange(postgresDialect.capabilities.valueLimits, mysqlDialect.capabilities.valueLimits, 'BC dates'),
    ).toBe('BC dates, years after 9999 and ±infinity');
    expect(datesOutOfRange({ ...DEFAULT_VALUE_LIMITS, maxYear: 99_999 }, DEFAULT_VALUE_LIMITS, 'BC')).toBe(
      'years after 9999',
    );
    expect(
      datesOutOfRange(mysqlDialect.capabilities.valueLimits, postgresDialect.capabilities.valueLimits, 'BC'),
    ).toBeNull();
  });
});

// Loss wording comes from comparing limits, so it appears across dialects and never within one.
describe('loss reasons derived from source limits', () => {
  it.each<[string, Dialect, Dialect, LogicalType, string | undefined]>([
    [
      'mysql → postgres date',
      mysqlDialect,
      postgresDialect,
      { kind: 'date' },
      "MySQL / MariaDB zero dates ('0000-00-00') have no PostgreSQL value: NULL with a warning when the column is nullable, otherwise the row is rejected",
    ],
    ['postgres → postgres date', postgresDialect, postgresDialect, { kind: 'date' }, undefined],
    [
      'mysql → postgres time',
      mysqlDialect,
      postgresDialect,
      { kind: 'time', precision: 0, withTimeZone: false },
      'MySQL / MariaDB TIME can be negative or exceed 24 hours; values outside 00:00:00–24:00:00 are rejected',
    ],
    [
      'postgres → mysql date',
      postgresDialect,
      mysqlDialect,
      { kind: 'date' },
      'BC dates, years after 9999 and ±infinity have no MySQL value and are rejected',
    ],
    ['mysql → mysql date', mysqlDialect, mysqlDialect, { kind: 'date' }, undefined],
    [
      'postgres → mysql timestamp',
      postgresDialect,
      mysqlDialect,
      { kind: 'timestamp', precision: null, withTimeZone: false },
      'BC, years after 9999 and ±infinity have no MySQL value and are rejected',
    ],
    [
      'postgres → mysql timestamptz',
      postgresDialect,
      mysqlDialect,
      { kind: 'timestamp', precision: null, withTimeZone: true },
      'MySQL has no zone-aware timestamp: instants are stored in UTC in a DATETIME; BC, years after 9999 and ±infinity are rejected',
    ],
    [
      'postgres → mysql decimal',
      postgresDialect,
      mysqlDialect,
      { kind: 'decimal', precision: 10, scale: 2 },
      'NaN and ±Infinity have no MySQL value and are rejected',
    ],
    ['mysql → mysql double', mysqlDialect, mysqlDialect, { kind: 'float', bits: 64 }, undefined],
    [
      'postgres → mysql jsonb',
      postgresDialect,
      mysqlDialect,
      { kind: 'json', binary: true },
      'binary JSON is copied as PostgreSQL prints it (keys sorted, duplicates removed)',
    ],
    ['mysql → mysql json', mysqlDialect, mysqlDialect, { kind: 'json', binary: true }, undefined],
    [
      'postgres → mysql interval',
      postgresDialect,
      mysqlDialect,
      { kind: 'interval' },
      'MySQL has no interval type: stored as its PostgreSQL text form',
    ],
  ])('%s', (_name, source, destination, logical, reason) => {
    expect(destination.typeMapper.toNative(logical, from(source)).lossyReason).toBe(reason);
  });
});
