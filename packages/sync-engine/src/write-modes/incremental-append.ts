import { checkCounts } from '../transfer.js';
import { applyInTransaction } from './apply-in-transaction.js';
import { nextWatermark, watermarkRange } from './watermark-range.js';
import type { WriteModeDefinition } from './write-mode.js';

/**
 * Incremental append: only rows past the watermark, inserted, in one transaction that also holds
 * the new watermark. A crash before the commit leaves both as they were; after it, both moved.
 */
export const incrementalAppend: WriteModeDefinition<'incremental_append'> = {
  name: 'incremental_append',
  label: 'Incremental append',
  description:
    'Inserts only rows whose cursor is past the saved watermark (new rows), and moves the watermark in the same transaction.',
  write(context) {
    return applyInTransaction(context, { keyed: false, softDelete: false }, async () => {
      const outcome = await context.transfer(context.live, watermarkRange(context.options));
      checkCounts(outcome, outcome.rowsWritten, context.live);
      return {
        ...outcome,
        rowsInserted: outcome.rowsWritten,
        rowsUpdated: 0,
        rowsDeleted: 0,
        watermark: nextWatermark(context.options, outcome),
      };
    });
  },
};
