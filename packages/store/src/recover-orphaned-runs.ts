import type { EntityManager } from '@mikro-orm/core';
import { ACTIVE_RUN_STATUSES, SyncRun } from './entities/sync-run.js';

/** The code and message an interrupted run is left with. */
export const ORPHANED_RUN_ERROR = {
  code: 'INTERRUPTED',
  message: 'PipeCraft stopped while this run was active; the destination kept its previous rows.',
} as const;

/**
 * Marks runs that a crash left pending/running as failed. Call once at start, before serving:
 * no run of this process can be active yet, so every active row is an orphan.
 * Returns how many runs were marked.
 */
export async function recoverOrphanedRuns(em: EntityManager, now: Date = new Date()): Promise<number> {
  return em.nativeUpdate(
    SyncRun,
    { status: { $in: [...ACTIVE_RUN_STATUSES] } },
    {
      status: 'failed',
      finishedAt: now,
      errorCode: ORPHANED_RUN_ERROR.code,
      errorMessage: ORPHANED_RUN_ERROR.message,
    },
  );
}
