/** Display formatting for numbers, durations and dates; one place so every page reads alike. */

const integer = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatRate(rowsPerSecond: number): string {
  if (rowsPerSecond >= 10_000) return `${integer.format(Math.round(rowsPerSecond / 1000))}k rows/s`;
  return `${integer.format(Math.round(rowsPerSecond))} rows/s`;
}

export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  return `${minutes} min ${rest} s`;
}

const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'shortOffset',
};
const dateTime = new Intl.DateTimeFormat('en-GB', DATE_TIME_OPTIONS);

/** "27 Nov 2026, 14:03:05 GMT+13:45": to the second (two runs a minute apart differ) and with the zone. */
export function formatDateTime(date: Date, timeZone?: string): string {
  return timeZone === undefined
    ? dateTime.format(date)
    : new Intl.DateTimeFormat('en-GB', { ...DATE_TIME_OPTIONS, timeZone }).format(date);
}

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'] as const;

/** 1,536 → "1.5 kB" (powers of 1024, as database catalogs count). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${integer.format(value)} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** Rows remaining at the rate so far, as a duration; null before there is a rate or past the estimate. */
export function estimateRemainingMs(rowsDone: number, rowsTotal: number, elapsedMs: number): number | null {
  if (rowsDone <= 0 || elapsedMs <= 0 || rowsDone >= rowsTotal) return null;
  return ((rowsTotal - rowsDone) * elapsedMs) / rowsDone;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "2 minutes ago"; falls back to the date for anything older than a week. */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  return formatDateTime(date);
}
