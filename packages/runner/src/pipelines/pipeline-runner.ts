import type { Logger } from '@pipecraft/logger';
import { ACTIVE_RUN_STATUSES, Pipeline, Sync, SyncRun, type RunTrigger, type Store } from '@pipecraft/store';
import { RunnerError, isRunnerError } from '../runner-error.js';
import type { RunnerPort } from '../runner-port.js';

export interface PipelineRunnerOptions {
  store: Store;
  /** Members start through the same port as single runs (the runner's caps still apply on top). */
  runner: RunnerPort;
  logger: Logger;
  /** How often a worker looks whether its member's run has ended, in ms. Default 250. */
  pollMs?: number;
}

/**
 * Runs a pipeline's member syncs, at most the pipeline's `concurrency` at once: each of that many
 * workers starts a member, waits until its run has ended (read from the store, so it works whatever
 * executes runs), then takes the next. A pipeline with a member still active counts as running and
 * is refused (RUN_ALREADY_ACTIVE); a scheduler records that tick as skipped.
 */
export class PipelineRunner {
  readonly #store: Store;
  readonly #runner: RunnerPort;
  readonly #logger: Logger;
  readonly #pollMs: number;
  /** Pipelines whose workers are still going in this process. */
  readonly #running = new Map<string, Promise<void>>();
  #stopping = false;

  constructor(options: PipelineRunnerOptions) {
    this.#store = options.store;
    this.#runner = options.runner;
    this.#logger = options.logger;
    this.#pollMs = options.pollMs ?? 250;
  }

  /** Starts the pipeline in the background; answers with how many members it will run. */
  async run(pipelineId: string, options: { trigger?: RunTrigger } = {}): Promise<{ members: number }> {
    if (this.#stopping)
      throw new RunnerError('SHUTTING_DOWN', 'PipeCraft is shutting down; start the pipeline again once it is back.');
    const em = this.#store.em();
    const pipeline = await em.findOne(Pipeline, pipelineId);
    if (!pipeline) throw new RunnerError('NOT_FOUND', 'This pipeline does not exist (it may have been deleted).');
    const members = await em.find(Sync, { pipeline: pipelineId }, { orderBy: { name: 'asc' } });
    const active = await em.count(SyncRun, {
      sync: { $in: members.map((sync) => sync.id) },
      status: { $in: [...ACTIVE_RUN_STATUSES] },
    });
    if (this.#running.has(pipelineId) || active > 0) {
      throw new RunnerError(
        'RUN_ALREADY_ACTIVE',
        `Pipeline "${pipeline.name}" is already running; wait for it to finish.`,
      );
    }
    const queue = members.map((sync) => sync.id);
    const count = queue.length;
    const trigger = options.trigger ?? 'pipeline';
    const workers = Array.from({ length: Math.max(1, Math.min(pipeline.concurrency, queue.length)) }, () =>
      this.#work(queue, trigger),
    );
    const all = Promise.all(workers).then(() => {
      this.#running.delete(pipelineId);
      this.#logger.info('Pipeline run finished', { pipelineId });
    });
    this.#running.set(pipelineId, all);
    this.#logger.info('Pipeline run started', { pipelineId, members: count, concurrency: pipeline.concurrency });
    return { members: count };
  }

  /** Whether this process is still working through the pipeline's members. */
  isRunning(pipelineId: string): boolean {
    return this.#running.has(pipelineId);
  }

  /** Starts no further members, and waits for the workers (the runner's shutdown ends their runs). */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.allSettled([...this.#running.values()]);
  }

  async #work(queue: string[], trigger: RunTrigger): Promise<void> {
    for (let syncId = queue.shift(); syncId !== undefined && !this.#stopping; syncId = queue.shift()) {
      let runId: string;
      try {
        ({ runId } = await this.#runner.start(syncId, { trigger }));
      } catch (error) {
        // A member someone started by hand meanwhile, or deleted: go on with the others.
        this.#logger.warn('A pipeline member did not start', {
          syncId,
          code: isRunnerError(error) ? error.code : null,
          error,
        });
        continue;
      }
      await this.#ended(runId);
    }
  }

  async #ended(runId: string): Promise<void> {
    for (;;) {
      const run = await this.#store
        .em()
        .findOne(SyncRun, runId)
        .catch(() => undefined);
      if (run === null || (run && !(ACTIVE_RUN_STATUSES as readonly string[]).includes(run.status))) return;
      if (this.#stopping && run === undefined) return;
      await new Promise((resolve) => setTimeout(resolve, this.#pollMs));
    }
  }
}
