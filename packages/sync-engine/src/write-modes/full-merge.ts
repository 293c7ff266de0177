import { applyInTransaction } from './apply-in-transaction.js';
import { dropStaged, mergeStaged } from './merge-staged.js';
import type { WriteModeDefinition } from './write-mode.js';
import { SOFT_DELETE_COLUMN } from './write-mode-names.js';

/**
 * Full merge: every source row staged and upserted on the key; with delete-missing, destination
 * rows whose key is not staged are deleted (hard) or marked in `_pipecraft_deleted_at` (soft) —
 * deletes followed without CDC, found in the same pass as the changed rows. One transaction.
 */
export const fullMerge: WriteModeDefinition<'full_merge'> = {
  name: 'full_merge',
  label: 'Full merge',
  description:
    'Upserts every source row on the key and, if chosen, deletes or marks destination rows whose key left the source, in one transaction.',
  async write(context) {
    const policy = context.options.deleteMissing;
    const soft = policy === 'soft';
    const cleanup: string[] = [];
    try {
      return await applyInTransaction(context, { keyed: true, softDelete: soft }, async () => {
        const staged = await mergeStaged(
          context,
          undefined,
          {
            clear: soft ? SOFT_DELETE_COLUMN : null,
            missing:
              policy === 'hard'
                ? { mode: 'hard' }
                : policy === 'soft'
                  ? { mode: 'soft', column: SOFT_DELETE_COLUMN }
                  : null,
          },
          cleanup,
        );
        return {
          ...staged.outcome,
          rowsInserted: staged.inserted,
          rowsUpdated: staged.updated,
          rowsDeleted: staged.deleted,
        };
      });
    } finally {
      await dropStaged(context, cleanup);
    }
  },
};
