import { checkCounts } from '../transfer.js';
import { applyInTransaction } from './apply-in-transaction.js';
import type { WriteModeDefinition } from './write-mode.js';

/**
 * Append: every source row inserted into the destination, which keeps the rows it has. One
 * transaction — COPY / LOAD DATA straight into the live table — so readers see none or all of them.
 */
export const append: WriteModeDefinition<'append'> = {
  name: 'append',
  label: 'Append',
  description: 'Inserts every source row and keeps the rows the destination already has, in one transaction.',
  write(context) {
    return applyInTransaction(context, { keyed: false, softDelete: false }, async () => {
      const outcome = await context.transfer(context.live);
      checkCounts(outcome, outcome.rowsWritten, context.live);
      return { ...outcome, rowsInserted: outcome.rowsWritten, rowsUpdated: 0, rowsDeleted: 0 };
    });
  },
};
