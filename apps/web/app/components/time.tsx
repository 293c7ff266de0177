import { formatDateTime, formatRelative } from '../lib/format.js';

export interface TimeProps {
  date: Date;
  /** Show "5 minutes ago" with the exact time as the tooltip, instead of the other way round. */
  relative?: boolean;
  className?: string;
}

/**
 * The one way a time appears: the absolute time to the second with its zone, and the relative
 * time as a tooltip (or, with `relative`, the reverse). `<time dateTime>` carries the instant.
 */
export function Time({ date, relative = false, className }: TimeProps) {
  const absolute = formatDateTime(date);
  const ago = formatRelative(date);
  return (
    <time dateTime={date.toISOString()} title={relative ? absolute : ago} className={className}>
      {relative ? ago : absolute}
    </time>
  );
}
