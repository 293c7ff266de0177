import { describe, expect, it } from 'vitest';
import {
  estimateRemainingMs,
  formatBytes,
  formatCount,
  formatDateTime,
  formatDuration,
  formatRate,
  formatRelative,
} from './format.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [414, '414 ms'],
    [999.6, '1.0 s'],
    [1000, '1.0 s'],
    [3050, '3.0 s'],
    [12_400, '12 s'],
    [59_400, '59 s'],
    [61_000, '1 min 1 s'],
    [3_725_000, '62 min 5 s'],
  ])('%d ms reads as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatRate', () => {
  it.each([
    [0, '0 rows/s'],
    [2981.4, '2,981 rows/s'],
    [9_999, '9,999 rows/s'],
    [105_600, '106k rows/s'],
  ])('%d rows/s reads as %s', (rate, expected) => {
    expect(formatRate(rate)).toBe(expected);
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it.each([
    [-10_000, 'just now'],
    [-5 * 60_000, '5 minutes ago'],
    [-3 * 3_600_000, '3 hours ago'],
    [-86_400_000, 'yesterday'],
  ])('%d ms from now reads as %s', (offset, expected) => {
    expect(formatRelative(new Date(now.getTime() + offset), now)).toBe(expected);
  });

  it('falls back to the date after a week', () => {
    expect(formatRelative(new Date('2026-11-01T08:30:00Z'), now)).toMatch(/1 Nov 2026/);
  });
});

describe('formatDateTime', () => {
  it('shows seconds and the zone, so two runs in one minute differ', () => {
    const at = new Date('2026-11-26T12:00:05Z');
    expect(formatDateTime(at, 'Pacific/Chatham')).toBe('27 Nov 2026, 01:45:05 GMT+13:45');
    expect(formatDateTime(at, 'UTC')).toBe('26 Nov 2026, 12:00:05 GMT+0');
    expect(formatDateTime(new Date(at.getTime() + 1000), 'UTC')).not.toBe(formatDateTime(at, 'UTC'));
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1,023 bytes'],
    [1536, '1.5 kB'],
    [8192, '8.0 kB'],
    [52_428_800, '50 MB'],
  ])('%d bytes reads as %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe('estimateRemainingMs', () => {
  it('extrapolates the rate so far', () => {
    expect(estimateRemainingMs(250, 1000, 10_000)).toBe(30_000);
  });
  it('has no answer before the first row or past the estimate', () => {
    expect(estimateRemainingMs(0, 1000, 10_000)).toBeNull();
    expect(estimateRemainingMs(1200, 1000, 10_000)).toBeNull();
  });
});
