import type { ReadRange } from '../dialect.js';
import type { TransferOutcome } from '../transfer.js';
import type { Watermark } from '../watermark.js';
import type { SyncOptions } from './sync-options.js';

/** The read of a cursor mode: past the saved watermark (or from the start), in `(cursor, key)` order. */
export function watermarkRange(options: SyncOptions): ReadRange {
  const cursor = options.cursor!;
  const watermark = options.watermark;
  return {
    orderBy: [cursor, ...options.keys],
    after: watermark ? [watermark.cursor, ...watermark.key] : null,
    ...(options.lookbackSeconds > 0 ? { lookbackSeconds: options.lookbackSeconds } : {}),
  };
}

/** The watermark after a run: the last row read, or the old one when no row with a cursor came. */
export function nextWatermark(options: SyncOptions, outcome: TransferOutcome): Watermark | null {
  const last = outcome.last;
  if (!last) return options.watermark;
  return { cursor: last[0]!, key: last.slice(1) };
}

/** The NULL-cursor policy's warning: such rows are read by a first run (or after a reset) only. */
export function nullCursorWarning(options: SyncOptions, outcome: TransferOutcome): string | null {
  const count = outcome.nullCursorRows ?? 0;
  if (count === 0) return null;
  return `${count} row(s) have a NULL cursor ("${options.cursor!.name}"): copied by this first run, but later runs only see rows whose cursor grows past the watermark, so changes to them are not followed.`;
}
