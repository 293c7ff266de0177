import type { MappingContext, TypeMapper, ValueLimits } from '../../dialect.js';
import { EngineError } from '../../engine-error.js';
import type { LogicalType, NativeMapping } from '../../types/logical-type.js';
import { datesOutOfRange, specialsLost, withReasons } from '../../types/limit-losses.js';
import { valueLimitsWith } from '../capability-defaults.js';

/** What MySQL/MariaDB columns hold beyond the defaults; the mapper words losses against these. */
export const mysqlValueLimits: ValueLimits = valueLimitsWith({
  // Without NO_ZERO_DATE in sql_mode (we do not set it), DATE/DATETIME accept `0000-00-00`.
  zeroDates: true,
  // TIME is an interval as much as a time of day: ±838:59:59.
  timeBeyondDay: true,
});

const INT_BITS: Record<string, 8 | 16 | 24 | 32 | 64> = {
  tinyint: 8,
  smallint: 16,
  mediumint: 24,
  int: 32,
  integer: 32,
  bigint: 64,
};
const TEXT_BYTES: Record<string, number> = {
  tinytext: 255,
  text: 65_535,
  mediumtext: 16_777_215,
  longtext: 4_294_967_295,
};
const BLOB_BYTES: Record<string, number> = {
  tinyblob: 255,
  blob: 65_535,
  mediumblob: 16_777_215,
  longblob: 4_294_967_295,
};
const SPATIAL = new Set([
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
]);

/**
 * Members of `enum('a','it''s','a\\b')` / `set(…)` as information_schema spells them: a quote is
 * doubled and a backslash escaped (`'a\\b'` is the member `a\b`).
 */
export function parseMysqlMembers(columnType: string): string[] {
  const inner = columnType.slice(columnType.indexOf('(') + 1, columnType.lastIndexOf(')'));
  const members: string[] = [];
  const pattern = /'((?:[^'\\]|''|\\.)*)'/g;
  for (let match = pattern.exec(inner); match; match = pattern.exec(inner))
    members.push(match[1]!.replace(/''|\\(.)/g, (found, escaped: string | undefined) => escaped ?? "'"));
  return members;
}

/**
 * Parse MySQL/MariaDB `COLUMN_TYPE` into a logical type. `isJson` comes from MariaDB's
 * `json_valid()` check, because MariaDB reports JSON columns as `longtext`.
 */
export function mysqlToLogical(columnType: string, isJson = false): LogicalType {
  const t = columnType.trim().toLowerCase();
  const unsigned = /\bunsigned\b/.test(t);
  const base = /^[a-z0-9]+/.exec(t)?.[0] ?? t;
  const args = /^[a-z0-9]+\s*\(([^)]*)\)/
    .exec(t)?.[1]
    ?.split(',')
    .map((part) => Number(part.trim()));
  const first = args?.[0] ?? null;
  if (isJson) return { kind: 'json', binary: false };
  const bits = INT_BITS[base];
  if (bits) {
    return bits === 8 && first === 1 && !unsigned
      ? { kind: 'int', bits, unsigned, booleanLike: true }
      : { kind: 'int', bits, unsigned };
  }
  if (base === 'bool' || base === 'boolean') return { kind: 'int', bits: 8, unsigned: false, booleanLike: true };
  if (base === 'decimal' || base === 'numeric' || base === 'dec' || base === 'fixed') {
    return { kind: 'decimal', precision: first ?? 10, scale: args?.[1] ?? 0, ...(unsigned ? { unsigned } : {}) };
  }
  if (base === 'float') return { kind: 'float', bits: 32, ...(unsigned ? { unsigned } : {}) };
  if (base === 'double' || base === 'real') return { kind: 'float', bits: 64, ...(unsigned ? { unsigned } : {}) };
  if (base === 'char') return { kind: 'text', length: first ?? 1, fixed: true };
  if (base === 'varchar') return { kind: 'text', length: first, fixed: false };
  if (base in TEXT_BYTES) return { kind: 'text', length: null, fixed: false, maxBytes: TEXT_BYTES[base]! };
  if (base === 'binary') return { kind: 'bytes', length: first ?? 1, fixed: true };
  if (base === 'varbinary') return { kind: 'bytes', length: first, fixed: false };
  if (base in BLOB_BYTES) return { kind: 'bytes', length: null, fixed: false, maxBytes: BLOB_BYTES[base]! };
  if (base === 'bit') return { kind: 'bit', length: first ?? 1 };
  if (base === 'date') return { kind: 'date' };
  if (base === 'time') return { kind: 'time', precision: first ?? 0, withTimeZone: false };
  if (base === 'datetime') return { kind: 'timestamp', precision: first ?? 0, withTimeZone: false };
  // TIMESTAMP is an instant (stored as UTC, shown in the session zone, which we pin to UTC).
  if (base === 'timestamp') return { kind: 'timestamp', precision: first ?? 0, withTimeZone: true, epochRange: true };
  if (base === 'year') return { kind: 'year' };
  if (base === 'json') return { kind: 'json', binary: true };
  if (base === 'uuid') return { kind: 'uuid' };
  if (base === 'enum' || base === 'set') {
    const values = parseMysqlMembers(columnType);
    // information_schema (utf8mb3) and SHOW CREATE TABLE print a member's 4-byte character as
    // '?': a '?' may be a question mark or an emoji, so the member list cannot be trusted.
    const membersUnknown = values.some((member) => member.includes('?'));
    return { kind: base, values, ...(membersUnknown ? { membersUnknown } : {}) };
  }
  if (SPATIAL.has(base)) return { kind: 'geometry', subtype: base, srid: null };
  return { kind: 'native', dialect: 'mysql', nativeType: columnType, textual: true };
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

const INT_NAMES: Record<number, string> = { 8: 'tinyint', 16: 'smallint', 24: 'mediumint', 32: 'int', 64: 'bigint' };

/** InnoDB indexes at most 3072 bytes a key: 768 utf8mb4 characters. */
const MAX_KEY_CHARS = 768;
/** Beyond this a VARCHAR would eat the 65,535-byte row limit (4 bytes a character in utf8mb4). */
const MAX_VARCHAR = 16_383;

function textClass(maxBytes: number | undefined): string {
  if (maxBytes === undefined) return 'longtext';
  if (maxBytes <= 255) return 'tinytext';
  if (maxBytes <= 65_535) return 'text';
  if (maxBytes <= 16_777_215) return 'mediumtext';
  return 'longtext';
}

function blobClass(maxBytes: number | undefined): string {
  if (maxBytes === undefined) return 'longblob';
  if (maxBytes <= 255) return 'tinyblob';
  if (maxBytes <= 65_535) return 'blob';
  if (maxBytes <= 16_777_215) return 'mediumblob';
  return 'longblob';
}

function fsp(precision: number | null): string {
  // PostgreSQL timestamps without a declared precision keep microseconds.
  const p = precision === null ? 6 : Math.min(precision, 6);
  return p === 0 ? '' : `(${p})`;
}

const MEMBERS_UNKNOWN =
  "the catalog prints a member's character beyond U+FFFF as '?', so the members are not known exactly: stored as VARCHAR, not enforced";

const SPECIALS_REJECTED = 'NaN and ±Infinity have no MySQL value and are rejected';

/** Logical → MySQL/MariaDB. See docs/dialects.md and docs/decisions/101-type-mapping-policy.md. */
export function mysqlToNative(logical: LogicalType, context: MappingContext): NativeMapping {
  const source = context.source;
  const decimalSpecials = specialsLost('decimal', source.limits, mysqlValueLimits) && SPECIALS_REJECTED;
  switch (logical.kind) {
    case 'int':
      if (logical.booleanLike) return { nativeType: 'tinyint(1)' };
      return { nativeType: `${INT_NAMES[logical.bits] ?? 'bigint'}${logical.unsigned ? ' unsigned' : ''}` };
    case 'decimal': {
      const unsigned = logical.unsigned ? ' unsigned' : '';
      if (logical.precision === null) {
        return withReasons({ nativeType: 'decimal(65,30)' }, [
          'unconstrained numeric: values with more than 35 integer or 30 fractional digits are rejected',
          decimalSpecials,
        ]);
      }
      // PostgreSQL allows a negative scale (numeric(5,-2) rounds to hundreds: up to 9999900) and a
      // scale above the precision (numeric(2,5): below 0.001); MySQL needs 0 ≤ scale ≤ precision,
      // so the digits the column can hold are counted out: (7,0) and (5,5) hold the same values.
      const scale = Math.max(logical.scale ?? 0, 0);
      const precision = Math.max(logical.precision - (logical.scale ?? 0), 0) + scale;
      if (precision > 65 || scale > 30) {
        return {
          nativeType: `decimal(65,${Math.min(scale, 30)})${unsigned}`,
          lossyReason: `numeric(${logical.precision},${scale}) exceeds MySQL's DECIMAL(65,30): larger values are rejected`,
        };
      }
      return withReasons({ nativeType: `decimal(${Math.max(precision, 1)},${scale})${unsigned}` }, [decimalSpecials]);
    }
    case 'float':
      return withReasons({ nativeType: logical.bits === 32 ? 'float' : 'double' }, [
        specialsLost('float', source.limits, mysqlValueLimits) && SPECIALS_REJECTED,
        source.limits.floatNegativeZero &&
          !mysqlValueLimits.floatNegativeZero &&
          '-0 is stored as 0: MySQL keeps no sign on zero (counted in the run warnings)',
      ]);
    case 'bool':
      return { nativeType: 'tinyint(1)' };
    case 'text':
      if (logical.fixed && (logical.length ?? 1) <= 255) return { nativeType: `char(${logical.length ?? 1})` };
      if (
        logical.length !== null &&
        logical.length <= MAX_VARCHAR &&
        (!context.primaryKey || logical.length <= MAX_KEY_CHARS)
      )
        return { nativeType: `varchar(${logical.length})` };
      if (context.primaryKey)
        return {
          nativeType: `varchar(${MAX_KEY_CHARS})`,
          lossyReason: `primary-key text is limited to ${MAX_KEY_CHARS} characters (InnoDB key size); longer values are rejected`,
        };
      if (logical.length !== null)
        return {
          nativeType: 'longtext',
          lossyReason: `length limit ${logical.length} is not enforced (too long for a MySQL VARCHAR)`,
        };
      return { nativeType: textClass(logical.maxBytes) };
    case 'bytes':
      if (logical.fixed && (logical.length ?? 1) <= 255) return { nativeType: `binary(${logical.length ?? 1})` };
      if (logical.length !== null && logical.length <= 65_532 && (!context.primaryKey || logical.length <= 3072))
        return { nativeType: `varbinary(${logical.length})` };
      if (context.primaryKey)
        return {
          nativeType: 'varbinary(3072)',
          lossyReason: 'primary-key bytes are limited to 3072 (InnoDB key size); longer values are rejected',
        };
      return { nativeType: blobClass(logical.maxBytes) };
    case 'bit':
      return logical.length <= 64
        ? { nativeType: `bit(${logical.length})` }
        : {
            nativeType: `binary(${Math.ceil(logical.length / 8)})`,
            lossyReason: `MySQL BIT holds at most 64 bits: bit(${logical.length}) is stored as ${Math.ceil(logical.length / 8)} bytes, right-aligned`,
          };
    case 'date':
      return withReasons({ nativeType: 'date' }, [
        outOfRange(source.limits, 'BC dates', 'have no MySQL value and are rejected'),
      ]);
    case 'time':
      if (logical.withTimeZone)
        return {
          nativeType: `time${fsp(logical.precision)}`,
          lossyReason: 'MySQL TIME has no zone: values are converted to UTC and the offset is dropped',
        };
      return { nativeType: `time${fsp(logical.precision)}` };
    case 'timestamp':
      if (logical.epochRange) return { nativeType: `timestamp${fsp(logical.precision)}` };
      if (logical.withTimeZone) {
        return withReasons({ nativeType: `datetime${fsp(logical.precision)}` }, [
          'MySQL has no zone-aware timestamp: instants are stored in UTC in a DATETIME',
          outOfRange(source.limits, 'BC', 'are rejected'),
        ]);
      }
      return withReasons({ nativeType: `datetime${fsp(logical.precision)}` }, [
        outOfRange(source.limits, 'BC', 'have no MySQL value and are rejected'),
      ]);
    case 'year':
      return { nativeType: 'year' };
    case 'interval':
      return {
        nativeType: 'varchar(255)',
        lossyReason: `MySQL has no interval type: stored as its ${source.label} text form`,
      };
    case 'json':
      return withReasons({ nativeType: 'json' }, [
        logical.binary &&
          source.limits.normalizesBinaryJson &&
          !mysqlValueLimits.normalizesBinaryJson &&
          `binary JSON is copied as ${source.label} prints it (keys sorted, duplicates removed)`,
      ]);
    case 'uuid':
      return { nativeType: 'char(36)' };
    case 'enum': {
      if (logical.membersUnknown)
        return {
          nativeType: `varchar(${Math.max(1, ...logical.values.map((label) => [...label].length))})`,
          lossyReason: MEMBERS_UNKNOWN,
        };
      // MySQL strips trailing spaces from ENUM members ('sp ' becomes 'sp'): such labels go to a
      // VARCHAR, which keeps every label as it is.
      const altered = logical.values.filter((label) => / $/.test(label));
      if (altered.length > 0) {
        const longest = Math.max(1, ...logical.values.map((label) => [...label].length));
        return {
          nativeType: `varchar(${longest})`,
          lossyReason: `MySQL ENUM strips trailing spaces (${altered.map((label) => `'${label}'`).join(', ')}): stored as VARCHAR, the label list is not enforced`,
        };
      }
      return { nativeType: `enum(${logical.values.map(quoteLiteral).join(',')})` };
    }
    case 'set':
      if (logical.membersUnknown)
        return {
          nativeType: `varchar(${Math.max(
            1,
            logical.values.map((member) => [...member].length + 1).reduce((a, b) => a + b, 0),
          )})`,
          lossyReason: MEMBERS_UNKNOWN,
        };
      return { nativeType: `set(${logical.values.map(quoteLiteral).join(',')})` };
    case 'array':
      return withReasons({ nativeType: 'json' }, [
        `MySQL has no arrays: ${logical.elementNative}[] is stored as a JSON array`,
        (logical.element.kind === 'float' || logical.element.kind === 'decimal') &&
          specialsLost(logical.element.kind, source.limits, mysqlValueLimits) &&
          'JSON has no NaN or ±Infinity: such elements become the JSON strings "NaN", "Infinity", "-Infinity" (counted in the run warnings)',
      ]);
    case 'geometry':
      return { nativeType: logical.subtype };
    case 'tsvector':
      return { nativeType: 'longtext', lossyReason: 'MySQL has no tsvector: stored as its text form' };
    case 'native':
      if (logical.dialect === 'mysql') return { nativeType: logical.nativeType };
      if (logical.textual)
        return {
          nativeType: context.primaryKey ? `varchar(${MAX_KEY_CHARS})` : 'longtext',
          lossyReason: `${logical.nativeType} has no MySQL equivalent: stored as its text form`,
        };
      throw new EngineError('TYPE_UNSUPPORTED', `Type ${logical.nativeType} cannot be written to MySQL`);
  }
}

/** Dates the source holds and MySQL cannot, as a reason ending in `verb`, or `null`. */
function outOfRange(source: ValueLimits, bc: 'BC dates' | 'BC', verb: string): string | null {
  const values = datesOutOfRange(source, mysqlValueLimits, bc);
  return values && `${values} ${verb}`;
}

export const mysqlTypeMapper: TypeMapper = { toNative: mysqlToNative, toLogical: (native) => mysqlToLogical(native) };
