import type { DialectCapabilities, ValueLimits } from '../dialect.js';

/**
 * The documented defaults of `ValueLimits` (see its JSDoc): the conservative SQL-standard engine.
 * A dialect states only where it differs, so a new flag needs one default here, not an edit in
 * every dialect.
 */
export const DEFAULT_VALUE_LIMITS: Readonly<ValueLimits> = Object.freeze({
  textAllowsNul: true,
  infiniteAndBcDates: false,
  maxYear: 9999,
  floatSpecials: false,
  floatNegativeZero: false,
  decimalSpecials: false,
  timeBeyondDay: false,
  zeroDates: false,
  normalizesBinaryJson: false,
});

/** The documented defaults of `DialectCapabilities` (see its JSDoc). */
const DEFAULT_CAPABILITIES: Readonly<DialectCapabilities> = Object.freeze({
  transactionalDdl: false,
  bulkLoad: 'insert',
  maxIdentifierLength: 63,
  identifierLengthUnit: 'bytes',
  caseInsensitiveColumnNames: false,
  identifierTrailingSpace: true,
  identifierAstralCharacters: true,
  schemaModel: 'schemas',
  valueLimits: DEFAULT_VALUE_LIMITS,
});

/** What a dialect declares: only the flags (and limits) that differ from the defaults. */
export type CapabilityOverrides = Partial<Omit<DialectCapabilities, 'valueLimits'>> & {
  valueLimits?: Partial<ValueLimits>;
};

/** The defaults with a dialect's overrides applied. */
export function withDefaults(overrides: CapabilityOverrides): DialectCapabilities {
  return { ...DEFAULT_CAPABILITIES, ...overrides, valueLimits: valueLimitsWith(overrides.valueLimits ?? {}) };
}

/** The default value limits with a dialect's overrides applied (the type mapper needs them alone). */
export function valueLimitsWith(overrides: Partial<ValueLimits>): ValueLimits {
  return { ...DEFAULT_VALUE_LIMITS, ...overrides };
}
