import { applyInTransaction } from './apply-in-transaction.js';
import { applyChangeSet, dropStaged, stageRows } from './merge-staged.js';
import type { StagedRows } from './merge-staged.js';
import type { WriteModeDefinition } from './write-mode.js';
import { SOFT_DELETE_COLUMN } from './write-mode-names.js';

/**
 * Full merge: every source row staged and upserted on the key; with delete-missing, destination
 * rows whose key is not staged are deleted (hard) or marked in `_pipecraft_deleted_at` (soft) —
 * deletes followed without CDC, found with the changed rows. One transaction.
 *
 * Where the missing keys are a pass of their own (MySQL), the rows are staged into a shared table
 * before the transaction, so a second session finds the missing keys while the run's own session
 * finds the changed rows (docs/decisions/128-missing-keys-found-alongside.md).
 */
export const fullMerge: WriteModeDefinition<'full_merge'> = {
  name: 'full_merge',
  label: 'Full merge',
  description:
    'Upserts every source row on the key and, if chosen, deletes or marks destination rows whose key left the source, in one transaction.',
  async write(context) {
    const policy = context.options.deleteMissing;
    const soft = policy === 'soft';
    const dialect = context.destination.dialect;
    // The shared staging table is loaded before the transaction, after the destination exists:
    // only where DDL is not transactional (the destination is created before the transaction there).
    const shared = policy !== 'keep' && dialect.merge.missingKeysAside && !dialect.capabilities.transactionalDdl;
    const cleanup: string[] = [];
    let staged: StagedRows | null = null;
    try {
      return await applyInTransaction(
        context,
        { keyed: true, softDelete: soft },
        async () => {
          staged ??= await stageRows(context, undefined, false, cleanup);
          const applied = await applyChangeSet(
            context,
            staged,
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
            rowsInserted: applied.inserted,
            rowsUpdated: applied.updated,
            rowsDeleted: applied.deleted,
          };
        },
        shared
          ? async () => {
              staged = await stageRows(context, undefined, true, cleanup);
            }
          : undefined,
      );
    } finally {
      await dropStaged(context, cleanup);
    }
  },
};
