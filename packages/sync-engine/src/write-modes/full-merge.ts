import type { TableRef } from '../contract.js';
import { applyInTransaction } from './apply-in-transaction.js';
import { dropStaging, mergeStaged } from './merge-staged.js';
import type { WriteModeDefinition } from './write-mode.js';
import { SOFT_DELETE_COLUMN } from './write-mode-names.js';

/**
 * Full merge: every source row staged and upserted on the key; with delete-missing, destination
 * rows whose key is not staged are deleted (hard) or marked in `_pipecraft_deleted_at` (soft) by
 * one anti-join — deletes followed without CDC. One transaction.
 */
export const fullMerge: WriteModeDefinition<'full_merge'> = {
  name: 'full_merge',
  label: 'Full merge',
  description:
    'Upserts every source row on the key and, if chosen, deletes or marks destination rows whose key left the source, in one transaction.',
  async write(context) {
    const policy = context.options.deleteMissing;
    let staging: TableRef | null = null;
    try {
      return await applyInTransaction(context, { keyed: true, softDelete: policy === 'soft' }, async () => {
        const staged = await mergeStaged(context, undefined, policy === 'soft' ? SOFT_DELETE_COLUMN : null);
        staging = staged.staging;
        const { destination, live, options } = context;
        const merge = destination.dialect.merge;
        let deleted = 0;
        if (policy === 'hard') {
          deleted = (await destination.query(merge.deleteMissing(live, staged.staging, options.destinationKeys), []))
            .affectedRows;
        } else if (policy === 'soft') {
          deleted = (
            await destination.query(
              merge.markMissing(live, staged.staging, options.destinationKeys, SOFT_DELETE_COLUMN),
              [],
            )
          ).affectedRows;
        }
        return { ...staged.outcome, rowsInserted: staged.inserted, rowsUpdated: staged.updated, rowsDeleted: deleted };
      });
    } finally {
      if (staging) await dropStaging(context, staging);
    }
  },
};
