import type { MappingContext, TypeMapper, ValueLimits } from '../../dialect.js';
import { EngineError } from '../../engine-error.js';
import type { LogicalType, NativeMapping } from '../../types/logical-type.js';
import { datesOutOfRange, withReasons } from '../../types/limit-losses.js';
import { valueLimitsWith } from '../capability-defaults.js';

/** What PostgreSQL columns hold beyond the defaults; the mapper words losses against these. */
export const postgresValueLimits: ValueLimits = valueLimitsWith({
  // NUL in text is rejected by the server: stripped and reported instead.
  textAllowsNul: false,
  infiniteAndBcDates: true,
  maxYear: 294_276,
  floatSpecials: true,
  floatNegativeZero: true,
  // numeric NaN since always, ±Infinity since PostgreSQL 14.
  decimalSpecials: true,
  // jsonb stores a parsed form and prints it back normalised.
  normalizesBinaryJson: true,
});

/**
 * Parse a PostgreSQL type as `format_type()` spells it into a logical type.
 * Unknown types become `native` (copied as text within PostgreSQL, lossy elsewhere) — never a silent guess.
 */
export function postgresToLogical(
  native: string,
  catalog: {
    /** The enum behind the type (or the array's element type). */
    enum?: { labels: string[]; type?: { schema: string; name: string } | undefined };
    /** The type (or the array's element type) is one the user created. */
    userDefined?: boolean;
  } = {},
): LogicalType {
  const t = native.trim().toLowerCase();
  if (t.endsWith('[]')) {
    const elementNative = native.trim().replace(/(\[\])+$/, '');
    return { kind: 'array', element: postgresToLogical(elementNative, catalog), elementNative };
  }
  const enumInfo = catalog.enum;
  if (enumInfo) return { kind: 'enum', values: enumInfo.labels, ...(enumInfo.type ? { typeName: enumInfo.type } : {}) };
  if (catalog.userDefined)
    return { kind: 'native', dialect: 'postgres', nativeType: native, textual: true, userDefined: true };
  const args = /\(([^)]*)\)/
    .exec(t)?.[1]
    ?.split(',')
    .map((part) => Number(part.trim()));
  const first = args?.[0] ?? null;
  const base = t
    .replace(/\([^)]*\)/, '')
    .replace(/\s+/g, ' ')
    .trim();
  switch (base) {
    case 'smallint':
      return { kind: 'int', bits: 16, unsigned: false };
    case 'integer':
      return { kind: 'int', bits: 32, unsigned: false };
    case 'bigint':
      return { kind: 'int', bits: 64, unsigned: false };
    case 'numeric':
      return { kind: 'decimal', precision: first, scale: args?.[1] ?? (first === null ? null : 0) };
    case 'real':
      return { kind: 'float', bits: 32 };
    case 'double precision':
      return { kind: 'float', bits: 64 };
    case 'boolean':
      return { kind: 'bool' };
    case 'character':
    case 'bpchar':
      return { kind: 'text', length: first ?? 1, fixed: true };
    case 'character varying':
      return { kind: 'text', length: first, fixed: false };
    case 'text':
    case 'citext':
    case 'name':
    case '"char"':
      return { kind: 'text', length: null, fixed: false };
    case 'bytea':
      return { kind: 'bytes', length: null, fixed: false };
    case 'bit':
      return { kind: 'bit', length: first ?? 1 };
    case 'date':
      return { kind: 'date' };
    case 'time without time zone':
    case 'time':
      return { kind: 'time', precision: first, withTimeZone: false };
    case 'time with time zone':
      return { kind: 'time', precision: first, withTimeZone: true };
    case 'timestamp without time zone':
    case 'timestamp':
      return { kind: 'timestamp', precision: first, withTimeZone: false };
    case 'timestamp with time zone':
      return { kind: 'timestamp', precision: first, withTimeZone: true };
    case 'interval':
      return { kind: 'interval' };
    case 'json':
      return { kind: 'json', binary: false };
    case 'jsonb':
      return { kind: 'json', binary: true };
    case 'uuid':
      return { kind: 'uuid' };
    case 'tsvector':
      return { kind: 'tsvector' };
    default:
      // PostgreSQL's own geometric types (point, polygon, …) are not OGC geometries: kept as
      // native types within PostgreSQL, their text form elsewhere.
      return { kind: 'native', dialect: 'postgres', nativeType: native, textual: true };
  }
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const INT_BY_BITS: Record<number, string> = {
  8: 'smallint',
  16: 'smallint',
  24: 'integer',
  32: 'integer',
  64: 'bigint',
};
const UNSIGNED_BY_BITS: Record<number, string> = {
  8: 'smallint',
  16: 'integer',
  24: 'integer',
  32: 'bigint',
  64: 'numeric(20,0)',
};

function precisionSuffix(precision: number | null): string {
  return precision === null ? '' : `(${Math.min(precision, 6)})`;
}

const MEMBERS_UNKNOWN =
  "the source's catalog prints a member's character beyond U+FFFF as '?', so the members are not known exactly: no CHECK on them";

/** Whether a value of `logical` can hold a NUL, which is stripped on the way in (see values/convert-value.ts). */
function mayHoldNul(logical: LogicalType): boolean {
  if (logical.kind === 'text') return true;
  if (logical.kind === 'enum' || logical.kind === 'set')
    return logical.values.some((label) => label.includes('\u0000'));
  return false;
}

/** Logical → PostgreSQL. See docs/dialects.md for the table and docs/decisions/101-type-mapping-policy.md for the why. */
export function postgresToNative(logical: LogicalType, context: MappingContext): NativeMapping {
  const mapping = mapToPostgres(logical, context);
  const nulStripped =
    mayHoldNul(logical.kind === 'array' ? logical.element : logical) &&
    context.source.limits.textAllowsNul &&
    !postgresValueLimits.textAllowsNul;
  return withReasons(mapping, [
    mapping.lossyReason ?? null,
    nulStripped &&
      'NUL characters (U+0000) are stripped: PostgreSQL text cannot hold them (counted in the run warnings)',
  ]);
}

function mapToPostgres(logical: LogicalType, context: MappingContext): NativeMapping {
  const source = context.source;
  // Zero dates exist only where the source's limits allow them; PostgreSQL has no such value.
  const zeroDates = source.limits.zeroDates && !postgresValueLimits.zeroDates;
  const outOfRange = datesOutOfRange(source.limits, postgresValueLimits, 'BC');
  switch (logical.kind) {
    case 'int':
      if (logical.booleanLike)
        return {
          nativeType: 'boolean',
          lossyReason: `${source.label} tinyint(1) is read as a boolean: 0 → false, 1 → true; any other value is rejected (ROW_REJECTED)`,
        };
      return { nativeType: (logical.unsigned ? UNSIGNED_BY_BITS : INT_BY_BITS)[logical.bits] ?? 'bigint' };
    case 'decimal':
      if (logical.precision === null) return { nativeType: 'numeric' };
      if (logical.precision > 1000)
        return { nativeType: 'numeric', lossyReason: 'precision above 1000: stored as unconstrained numeric' };
      return { nativeType: `numeric(${logical.precision},${logical.scale ?? 0})` };
    case 'float':
      return { nativeType: logical.bits === 32 ? 'real' : 'double precision' };
    case 'bool':
      return { nativeType: 'boolean' };
    case 'text':
      if (logical.fixed) return { nativeType: `character(${logical.length ?? 1})` };
      if (logical.length !== null && logical.length <= 10_485_760)
        return { nativeType: `character varying(${logical.length})` };
      return { nativeType: 'text' };
    case 'bytes':
      return logical.fixed || logical.length !== null
        ? {
            nativeType: 'bytea',
            lossyReason: `the ${logical.fixed ? 'fixed' : 'maximum'} length ${logical.length} bytes is not enforced by bytea (values are copied byte-exact)`,
          }
        : { nativeType: 'bytea' };
    case 'bit':
      return { nativeType: `bit(${logical.length})` };
    case 'date':
      return withReasons({ nativeType: 'date' }, [
        zeroDates &&
          `${source.label} zero dates ('0000-00-00') have no PostgreSQL value: NULL with a warning when the column is nullable, otherwise the row is rejected`,
        outOfRange && `${outOfRange} have no PostgreSQL value and are rejected`,
      ]);
    case 'time':
      if (logical.withTimeZone) return { nativeType: `time${precisionSuffix(logical.precision)} with time zone` };
      return withReasons({ nativeType: `time${precisionSuffix(logical.precision)} without time zone` }, [
        source.limits.timeBeyondDay &&
          !postgresValueLimits.timeBeyondDay &&
          `${source.label} TIME can be negative or exceed 24 hours; values outside 00:00:00–24:00:00 are rejected`,
      ]);
    case 'timestamp':
      return withReasons(
        {
          nativeType: `timestamp${precisionSuffix(logical.precision)} ${logical.withTimeZone ? 'with' : 'without'} time zone`,
        },
        [
          zeroDates &&
            `${source.label} zero dates ('0000-00-00 00:00:00') have no PostgreSQL value: NULL with a warning when the column is nullable, otherwise the row is rejected`,
          outOfRange && `${outOfRange} have no PostgreSQL value and are rejected`,
        ],
      );
    case 'year':
      return { nativeType: 'smallint' };
    case 'interval':
      return { nativeType: 'interval' };
    case 'json':
      return { nativeType: logical.binary ? 'jsonb' : 'json' };
    case 'uuid':
      return { nativeType: 'uuid' };
    case 'enum':
      if (logical.membersUnknown) return { nativeType: 'text', lossyReason: MEMBERS_UNKNOWN };
      return { nativeType: 'text', checkValues: { kind: 'in', values: logical.values } };
    case 'set':
      if (logical.membersUnknown)
        return { nativeType: 'text[]', lossyReason: `${MEMBERS_UNKNOWN}; each value becomes a text[] of its members` };
      return {
        nativeType: 'text[]',
        checkValues: { kind: 'subset', values: logical.values },
        lossyReason: `${source.label} SET becomes a text[] of its members (e.g. 'a,b' → {a,b}), checked against the allowed members`,
      };
    case 'array': {
      const element = mapToPostgres(logical.element, context);
      // An enum element's allowed labels hold for every member: the array must be a subset.
      const members = element.checkValues?.kind === 'in' ? element.checkValues.values : null;
      return {
        nativeType: `${element.nativeType}[]`,
        ...(members ? { checkValues: { kind: 'subset' as const, values: members } } : {}),
        ...(element.lossyReason ? { lossyReason: element.lossyReason } : {}),
      };
    }
    case 'geometry':
      return {
        nativeType: 'text',
        lossyReason: `${logical.subtype} is stored as WKT text: PostGIS is not assumed on the destination`,
      };
    case 'tsvector':
      return { nativeType: 'tsvector' };
    case 'native':
      if (logical.userDefined)
        return {
          nativeType: 'text',
          lossyReason: `user-defined type ${logical.nativeType} is stored as its text form (e.g. '(1,abc)'): the type is not created at the destination`,
        };
      if (logical.dialect === 'postgres') return { nativeType: logical.nativeType };
      if (logical.textual)
        return {
          nativeType: 'text',
          lossyReason: `${logical.nativeType} has no PostgreSQL equivalent: stored as its text form`,
        };
      throw new EngineError('TYPE_UNSUPPORTED', `Type ${logical.nativeType} cannot be written to PostgreSQL`);
  }
}

/** Quote a literal for DDL (CHECK lists); values never reach DML this way. */
export { quoteLiteral as quotePostgresLiteral };

export const postgresTypeMapper: TypeMapper = {
  toNative: postgresToNative,
  toLogical: (native) => postgresToLogical(native),
};
