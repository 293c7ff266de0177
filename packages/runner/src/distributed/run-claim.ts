import { randomUUID } from 'node:crypto';
import { lockRunClaims, SyncRun, type Store } from '@pipecraft/store';
import type { RunCapLimits } from '../run-caps.js';

/** Runs holding a slot, across all workers: claimed and not settled yet. */
const CLAIMED_STATUSES = ['pending', 'running'] as const;

export type ClaimResult =
  /** The run is this worker's until `leaseExpiresAt`; every write it makes names `leaseToken`. */
  | { kind: 'claimed'; syncId: string; attempt: number; leaseToken: string; leaseExpiresAt: Date }
  /** The run is no longer queued (cancelled, deleted, or another worker has it): nothing to do. */
  | { kind: 'gone' }
  /** A run cap is reached across the workers: try again later. */
  | { kind: 'capped' };

/**
 * Claims a queued run for a worker: in one transaction that holds the run-claim lock row, counts
 * the runs claimed across all workers against the global and per-connection caps, then moves the
 * run from `queued` to `pending` with a conditional UPDATE. The lock makes count-then-claim atomic
 * across processes; the condition on `queued` makes a second delivery of the same job a no-op.
 */
export async function claimRun(
  store: Store,
  runId: string,
  workerId: string,
  caps: RunCapLimits,
  leaseMs: number,
  now: () => number,
): Promise<ClaimResult> {
  return store.em().transactional(async (em) => {
    await lockRunClaims(em, store.dialect);
    const run = await em.findOne(SyncRun, { id: runId, status: 'queued' }, { populate: ['sync'] });
    if (!run) return { kind: 'gone' };
    const connectionIds = [...new Set([run.sync.sourceConnection.id, run.sync.destinationConnection.id])];
    const claimed = await em.find(
      SyncRun,
      { status: { $in: [...CLAIMED_STATUSES] } },
      { populate: ['sync'], fields: ['id', 'sync.sourceConnection', 'sync.destinationConnection'] },
    );
    if (claimed.length >= caps.maxRuns) return { kind: 'capped' };
    for (const connectionId of connectionIds) {
      const using = claimed.filter(
        (other) =>
          other.sync.sourceConnection.id === connectionId || other.sync.destinationConnection.id === connectionId,
      ).length;
      if (using >= caps.maxRunsPerConnection) return { kind: 'capped' };
    }
    const leaseToken = randomUUID();
    const leaseExpiresAt = new Date(now() + leaseMs);
    const moved = await em.nativeUpdate(
      SyncRun,
      { id: runId, status: 'queued' },
      { status: 'pending', workerId, leaseToken, leaseExpiresAt },
    );
    return moved === 1
      ? { kind: 'claimed', syncId: run.sync.id, attempt: run.attempt, leaseToken, leaseExpiresAt }
      : { kind: 'gone' };
  });
}
