import type { Logger } from '@pipecraft/logger';
import { ACTIVE_RUN_STATUSES, lockRunClaims, Sync, SyncRun, type Store } from '@pipecraft/store';
import type { Queue } from 'bullmq';
import { RunnerError } from '../runner-error.js';
import type { RetryPlan } from '../run-retries.js';
import { snapshotOf } from '../run-snapshot.js';
import { RUN_JOB_NAME, type RunJobData } from './run-queue.js';

/**
 * Creates the run of a retry, once: under the run-claim lock (which serialises it across workers
 * and reapers), only when no run retries the failed one yet and the sync has no active run. The
 * retry waits as `queued` with the plan's detail — active, so a manual start cannot slip in, and
 * cancellable like any queued run. Returns `null` when the retry exists already.
 */
export async function createRetryRun(store: Store, syncId: string, plan: RetryPlan): Promise<string | null> {
  return store.em().transactional(async (em) => {
    await lockRunClaims(em, store.dialect);
    if ((await em.count(SyncRun, { retryOf: plan.retryOf })) > 0) return null;
    const sync = await em.findOne(Sync, syncId, { populate: ['sourceConnection', 'destinationConnection'] });
    if (!sync) throw new RunnerError('NOT_FOUND', 'This sync does not exist (it may have been deleted).');
    const active = await em.findOne(SyncRun, { sync: syncId, status: { $in: [...ACTIVE_RUN_STATUSES] } });
    if (active)
      throw new RunnerError('RUN_ALREADY_ACTIVE', `Sync "${sync.name}" is already running (run ${active.id}).`);
    const run = em.create(SyncRun, {
      sync,
      status: 'queued',
      rowsCopied: 0,
      attempt: plan.attempt,
      retryOf: plan.retryOf,
      trigger: 'retry',
      statusDetail: plan.detail,
      ...snapshotOf(sync),
    });
    await em.flush();
    return run.id;
  });
}

/**
 * A queue worker's retry: the run (`createRetryRun`), then its job, delayed by the backoff (the
 * queue waits it out, so no process has to stay up for it). A job that cannot be added fails the
 * retry run at once, as `QueueRunner.start` does, rather than leave it queued for nobody.
 */
export async function enqueueRetry(
  store: Store,
  queue: Queue<RunJobData> | null,
  logger: Logger,
  syncId: string,
  plan: RetryPlan,
): Promise<{ runId: string } | null> {
  if (!queue) return null;
  const runId = await createRetryRun(store, syncId, plan);
  if (!runId) return null;
  try {
    await queue.add(RUN_JOB_NAME, { runId }, { jobId: runId, delay: plan.delayMs });
  } catch (error) {
    logger.error('Could not add a retry to the queue', { runId, error });
    await store.em().nativeUpdate(
      SyncRun,
      { id: runId, status: 'queued' },
      {
        status: 'failed',
        finishedAt: new Date(),
        statusDetail: null,
        errorCode: 'QUEUE_UNAVAILABLE',
        errorMessage: 'The run queue could not be reached, so this retry never started; start the sync again.',
      },
    );
    throw error;
  }
  return { runId };
}
