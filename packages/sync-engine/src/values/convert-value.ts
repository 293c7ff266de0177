import type { ValueLimits } from '../dialect.js';
import { EngineError } from '../engine-error.js';
import type { CellValue, LogicalType } from '../types/logical-type.js';
import { arrayLiteralToJson, setToArrayLiteral } from './array-literal.js';
import type { ValuePolicy, ValueWarning } from './value-policies.js';
import { describeValueWarning } from './value-policies.js';

/** Turns a canonical source cell into the canonical cell the destination column takes. */
export type Converter = (value: CellValue) => CellValue;

/**
 * Values changed under a declared policy, counted per column and policy, each with the primary key
 * of the first row it happened in. Becomes `SyncResult.valueWarnings` (and, worded, `warnings`).
 */
export class WarningLog {
  readonly #entries = new Map<string, ValueWarning>();
  readonly #keyColumns: ReadonlyArray<{ name: string; index: number }>;
  /**
   * The row being converted, set by the transfer loop before its cells are converted, so a warning
   * or a rejection can name the row by its primary key instead of a position in the stream.
   */
  currentRow: readonly CellValue[] | null = null;

  constructor(keyColumns: ReadonlyArray<{ name: string; index: number }> = []) {
    this.#keyColumns = keyColumns;
  }

  add(column: string, policy: ValuePolicy): void {
    const id = `${column}\u0000${policy}`;
    const entry = this.#entries.get(id);
    if (entry) entry.count += 1;
    else this.#entries.set(id, { column, policy, count: 1, sampleKey: this.currentKey() });
  }

  /** The current row's primary key as `id=3` (`a=1, b=x` for a composite key); `null` when unknown. */
  currentKey(): string | null {
    const row = this.currentRow;
    if (!row || this.#keyColumns.length === 0) return null;
    return this.#keyColumns
      .map(({ name, index }) => {
        const value = row[index];
        const text =
          value === null || value === undefined
            ? 'NULL'
            : typeof value === 'string'
              ? value
              : `0x${value.toString('hex')}`;
        return `${name}=${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
      })
      .join(', ');
  }

  entries(): ValueWarning[] {
    return [...this.#entries.values()].map((entry) => ({ ...entry }));
  }

  /** The entries worded for people, e.g. `Column "t": NUL characters (U+0000) stripped (2 values, first at id=7)`. */
  list(): string[] {
    return this.entries().map(describeValueWarning);
  }
}

interface ConverterContext {
  column: string;
  /** The user's destination table, as rejections name it (never a staging table). */
  table: string;
  destinationNullable: boolean;
  /** What the destination can hold. */
  limits: ValueLimits;
  /** What the source can hold: a check is skipped when the source cannot produce the value (keeps PG→PG a byte pipe). */
  sourceLimits: ValueLimits;
  warnings: WarningLog;
}

const TEXTUAL = new Set(['text', 'enum', 'json', 'uuid', 'tsvector', 'native', 'interval', 'set', 'array']);
const SPECIALS = new Set(['NaN', 'Infinity', '-Infinity', 'inf', '-inf', 'nan']);
const NEGATIVE_ZERO = /^-0+(\.0*)?([eE][+-]?\d+)?$/;

function reject(context: ConverterContext, value: string, why: string): never {
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  const key = context.warnings.currentKey();
  throw new EngineError(
    'ROW_REJECTED',
    `${context.table}, column "${context.column}"${key ? `, row ${key}` : ''}: value '${shown}' ${why}`,
  );
}

function isZeroDate(value: string): boolean {
  return /^0000-|^\d{4}-00-|^\d{4}-\d{2}-00/.test(value);
}

function decimalFits(value: string, precision: number, scale: number): boolean {
  const match = /^[+-]?(\d*)(?:\.(\d*))?$/.exec(value);
  if (!match) return true; // exponent forms: let the server judge
  const integer = (match[1] ?? '').replace(/^0+/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return integer.length <= precision - scale && fraction.length <= scale;
}

/** `10:00:00+02` → `08:00:00`: a time with zone as the UTC time of day. */
export function utcTime(field: string): string {
  const match = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(field);
  if (!match) return field;
  const [, h, m, s, frac = '', sign, oh, om = '0', os = '0'] = match;
  const offset = (Number(oh) * 3600 + Number(om) * 60 + Number(os)) * (sign === '-' ? -1 : 1);
  let seconds = (Number(h) * 3600 + Number(m) * 60 + Number(s) - offset) % 86_400;
  if (seconds < 0) seconds += 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}${frac}`;
}

/** Whether every value of `source` fits `destination` (so no per-value check is needed). */
function decimalAlwaysFits(source: LogicalType, destination: Extract<LogicalType, { kind: 'decimal' }>): boolean {
  if (destination.precision === null) return true;
  if (source.kind !== 'decimal' || source.precision === null) return false;
  const sourceScale = source.scale ?? 0;
  const destinationScale = destination.scale ?? 0;
  return sourceScale <= destinationScale && source.precision - sourceScale <= destination.precision - destinationScale;
}

/**
 * Build the per-column conversion. `null` means "identity", which lets a reader's cells go to
 * the writer untouched. Policies (docs/dialects.md, "Values the destination cannot hold"):
 * NUL in text is stripped with a warning; zero dates become NULL with a warning (rejected when
 * the column is NOT NULL); everything else without an equivalent is rejected (ROW_REJECTED).
 */
export function buildConverter(
  source: LogicalType,
  destination: LogicalType,
  context: ConverterContext,
): Converter | null {
  const steps: Converter[] = [];
  const { limits, sourceLimits } = context;

  if (source.kind === 'int' && source.booleanLike && destination.kind === 'bool') {
    steps.push((value) => {
      if (value === '0') return 'f';
      if (value === '1') return 't';
      return reject(context, String(value), 'is not 0 or 1 and cannot become a boolean');
    });
  } else if (source.kind === 'bool' && (destination.kind === 'int' || destination.kind === 'decimal')) {
    steps.push((value) => (value === 't' ? '1' : '0'));
  } else if (source.kind === 'set' && destination.kind === 'array') {
    steps.push((value) => setToArrayLiteral(String(value)));
  } else if (
    source.kind === 'time' &&
    source.withTimeZone &&
    destination.kind === 'time' &&
    !destination.withTimeZone
  ) {
    steps.push((value) => utcTime(String(value)));
  } else if (source.kind === 'array' && destination.kind === 'json') {
    // JSON has no NaN/±Infinity: such elements become JSON strings, counted (declared in the preview).
    const onSpecial = () => context.warnings.add(context.column, 'json-float-special-as-string');
    steps.push((value) => arrayLiteralToJson(String(value), source.element, onSpecial));
  }
  if (
    source.kind === 'float' &&
    destination.kind === 'float' &&
    sourceLimits.floatNegativeZero &&
    !limits.floatNegativeZero
  ) {
    steps.push((value) => {
      if (typeof value !== 'string' || !NEGATIVE_ZERO.test(value)) return value;
      context.warnings.add(context.column, 'negative-zero-as-zero');
      return '0';
    });
  }

  const specialsDiffer = (sourceLimits.decimalSpecials || sourceLimits.floatSpecials) && !limits.decimalSpecials;
  if (destination.kind === 'decimal' && (specialsDiffer || !decimalAlwaysFits(source, destination))) {
    const { scale } = destination;
    // Count digits only when some source value could exceed the destination's precision.
    const precision = decimalAlwaysFits(source, destination) ? null : destination.precision;
    steps.push((value) => {
      const text = String(value);
      if (SPECIALS.has(text)) {
        if (!limits.decimalSpecials) reject(context, text, 'has no DECIMAL equivalent on the destination');
        return text;
      }
      if (precision !== null && !decimalFits(text, precision, scale ?? 0))
        reject(context, text, `does not fit decimal(${precision},${scale ?? 0})`);
      return text;
    });
  }
  if (destination.kind === 'float' && !limits.floatSpecials && sourceLimits.floatSpecials) {
    steps.push((value) =>
      SPECIALS.has(String(value))
        ? reject(context, String(value), 'has no floating-point equivalent on the destination')
        : value,
    );
  }
  const datesDiffer =
    (sourceLimits.zeroDates && !limits.zeroDates) ||
    (sourceLimits.infiniteAndBcDates && !limits.infiniteAndBcDates) ||
    sourceLimits.maxYear > limits.maxYear;
  if ((destination.kind === 'date' || destination.kind === 'timestamp') && datesDiffer) {
    const zeroDatesDiffer = sourceLimits.zeroDates && !limits.zeroDates;
    steps.push((value) => {
      const text = String(value);
      // Fast path for the common case: a plain year 1000–9999 (`YYYY-MM-DD…`, no era suffix).
      const first = text.charCodeAt(0);
      if (
        first >= 0x31 &&
        first <= 0x39 &&
        text.charCodeAt(4) === 0x2d &&
        limits.maxYear >= 9999 &&
        !text.endsWith(' BC') &&
        !(zeroDatesDiffer && isZeroDate(text))
      ) {
        return text;
      }
      if (zeroDatesDiffer && isZeroDate(text)) {
        if (!context.destinationNullable)
          reject(context, text, 'is a MySQL zero date and the destination column is NOT NULL');
        context.warnings.add(context.column, 'zero-date-as-null');
        return null;
      }
      if (!limits.infiniteAndBcDates && (text.endsWith(' BC') || text === 'infinity' || text === '-infinity')) {
        reject(context, text, 'has no equivalent on the destination (BC dates and ±infinity are not supported there)');
      }
      const year = /^(\d+)-/.exec(text)?.[1];
      if (year !== undefined && Number(year) > limits.maxYear)
        reject(context, text, `is after the year ${limits.maxYear}, the destination's limit`);
      return text;
    });
  }
  if (destination.kind === 'time' && !limits.timeBeyondDay && sourceLimits.timeBeyondDay) {
    steps.push((value) => {
      const text = String(value);
      const hours = /^(-?)(\d+):/.exec(text);
      if (
        hours &&
        (hours[1] === '-' || Number(hours[2]) > 24 || (Number(hours[2]) === 24 && !/^24:00:00(\.0*)?$/.test(text)))
      ) {
        reject(context, text, 'is outside 00:00:00–24:00:00');
      }
      return text;
    });
  }
  if (TEXTUAL.has(destination.kind) && !limits.textAllowsNul && sourceLimits.textAllowsNul) {
    steps.push((value) => {
      if (typeof value === 'string' && value.includes('\u0000')) {
        context.warnings.add(context.column, 'nul-stripped');
        return value.replaceAll('\u0000', '');
      }
      return value;
    });
  }
  if (steps.length === 0) return null;
  const [only] = steps;
  if (steps.length === 1 && only) return (value) => (value === null ? null : only(value));
  return (value) => {
    let current = value;
    for (const step of steps) {
      if (current === null) return null;
      current = step(current);
    }
    return current;
  };
}

/** Whether values of `source` can be written into an existing column of type `destination`. */
export function isCompatible(source: LogicalType, destination: LogicalType): boolean {
  const numeric = (type: LogicalType) =>
    type.kind === 'int' || type.kind === 'decimal' || type.kind === 'float' || type.kind === 'year';
  switch (destination.kind) {
    case 'int':
      if (destination.booleanLike) return source.kind === 'bool' || source.kind === 'int';
      return source.kind === 'int' || source.kind === 'year' || source.kind === 'bool';
    case 'decimal':
    case 'float':
      return numeric(source) || source.kind === 'bool';
    case 'year':
      return source.kind === 'year' || source.kind === 'int';
    case 'bool':
      return source.kind === 'bool' || (source.kind === 'int' && source.booleanLike === true);
    case 'text':
      return source.kind !== 'bytes' && source.kind !== 'bit';
    case 'bytes':
      return source.kind === 'bytes';
    case 'bit':
      return source.kind === 'bit';
    case 'date':
      return source.kind === 'date';
    case 'timestamp':
      return source.kind === 'timestamp' || source.kind === 'date';
    case 'time':
      return source.kind === 'time';
    case 'interval':
      return source.kind === 'interval';
    case 'json':
      return source.kind === 'json' || source.kind === 'array';
    case 'uuid':
      return source.kind === 'uuid';
    case 'enum':
      return source.kind === 'enum' || source.kind === 'text';
    case 'set':
      return source.kind === 'set';
    case 'array':
      return source.kind === 'array' || source.kind === 'set';
    case 'geometry':
      return source.kind === 'geometry';
    case 'tsvector':
      return source.kind === 'tsvector';
    case 'native':
      return source.kind === 'native' && source.nativeType === destination.nativeType;
  }
}
