import { applyInTransaction } from './apply-in-transaction.js';
import { dropStaged, mergeStaged } from './merge-staged.js';
import { nextWatermark, watermarkRange } from './watermark-range.js';
import type { WriteModeDefinition } from './write-mode.js';

/**
 * Incremental merge: rows past the watermark (minus the lookback), staged and upserted on the key
 * in one transaction with the new watermark. Rerunning from an older watermark is harmless: the
 * same rows upsert to the same values.
 */
export const incrementalMerge: WriteModeDefinition<'incremental_merge'> = {
  name: 'incremental_merge',
  label: 'Incremental merge',
  description:
    'Upserts only rows whose cursor is past the saved watermark (new and changed rows) on the key, and moves the watermark in the same transaction.',
  async write(context) {
    const cleanup: string[] = [];
    try {
      return await applyInTransaction(context, { keyed: true, softDelete: false }, async () => {
        const staged = await mergeStaged(
          context,
          watermarkRange(context.options),
          { clear: null, missing: null },
          cleanup,
        );
        return {
          ...staged.outcome,
          rowsInserted: staged.inserted,
          rowsUpdated: staged.updated,
          rowsDeleted: 0,
          watermark: nextWatermark(context.options, staged.outcome),
        };
      });
    } finally {
      await dropStaged(context, cleanup);
    }
  },
};
