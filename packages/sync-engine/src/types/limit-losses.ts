import type { ValueLimits } from '../dialect.js';
import type { NativeMapping } from './logical-type.js';

/**
 * The date and timestamp values a source can hold and a destination cannot, as words for a loss
 * reason (`BC dates, years after 9999 and ±infinity`), or `null` when the destination holds them
 * all. Both type mappers word date losses through this, from limits rather than dialect names.
 */
export function datesOutOfRange(source: ValueLimits, destination: ValueLimits, bc: 'BC dates' | 'BC'): string | null {
  const infiniteAndBc = source.infiniteAndBcDates && !destination.infiniteAndBcDates;
  const parts: string[] = [];
  if (infiniteAndBc) parts.push(bc);
  if (source.maxYear > destination.maxYear) parts.push(`years after ${destination.maxYear}`);
  if (infiniteAndBc) parts.push('±infinity');
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

/** Whether NaN/±Infinity of `kind` exist at the source and not at the destination. */
export function specialsLost(kind: 'float' | 'decimal', source: ValueLimits, destination: ValueLimits): boolean {
  return kind === 'float'
    ? source.floatSpecials && !destination.floatSpecials
    : source.decimalSpecials && !destination.decimalSpecials;
}

/** The mapping with the reasons that apply (`false`/`null` entries dropped), joined as one. */
export function withReasons(mapping: NativeMapping, reasons: Array<string | false | null>): NativeMapping {
  const applying = reasons.filter((reason): reason is string => typeof reason === 'string');
  return applying.length > 0 ? { ...mapping, lossyReason: applying.join('; ') } : mapping;
}
