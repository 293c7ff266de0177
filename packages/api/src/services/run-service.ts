import type { RunnerPort } from '@pipecraft/runner';
import { SyncRun, type FilterQuery, type RunStatus, type Store } from '@pipecraft/store';
import { SYSTEM_ORIGIN, type AuditOrigin } from '../auth/actor.js';
import { AppError } from '../errors.js';
import type { ListRunsInput, RunDto, RunPage } from '../schemas/run.js';
import type { AuditService } from './audit-service.js';
import { toRunDto } from './run-dto.js';

/** Starting runs (through the runner's port) and reading their history (from the store). */
export class RunService {
  readonly #store: Store;
  readonly #runner: RunnerPort;
  readonly #audit: AuditService;

  constructor(deps: { store: Store; runner: RunnerPort; audit: AuditService }) {
    this.#store = deps.store;
    this.#runner = deps.runner;
    this.#audit = deps.audit;
  }

  /**
   * Starts through the runner, then records who started it. The runner creates the run in its own
   * transaction, so this entry follows it rather than sharing it: a start that failed is not logged.
   */
  async start(syncId: string, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<{ runId: string }> {
    const started = await this.#runner.start(syncId);
    const em = this.#store.em();
    this.#audit.record(em, origin, {
      action: 'run.start',
      target: { type: 'run', id: started.runId },
      changes: { syncId: { before: null, after: syncId } },
    });
    await em.flush();
    return started;
  }

  /**
   * Cancels through the runner (which stops the statements on both servers and records the run
   * `cancelled`), then records who cancelled it when something was cancelled.
   */
  async cancel(id: string, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<{ cancelled: boolean; status: RunStatus }> {
    const { cancelled } = await this.#runner.cancel(id);
    const em = this.#store.em();
    const run = await em.findOne(SyncRun, id);
    if (!run) throw new AppError('NOT_FOUND', 'This run does not exist (its sync may have been deleted).');
    if (cancelled) {
      this.#audit.record(em, origin, { action: 'run.cancel', target: { type: 'run', id }, changes: null });
      await em.flush();
    }
    return { cancelled, status: run.status };
  }

  async get(id: string): Promise<RunDto> {
    const run = await this.#store.em().findOne(SyncRun, id, { populate: ['sync'] });
    if (!run) throw new AppError('NOT_FOUND', 'This run does not exist (its sync may have been deleted).');
    return toRunDto(run);
  }

  /** One page of the history (one sync's or all), filtered and sorted; `cursor` is an offset. */
  async list(input: ListRunsInput): Promise<RunPage> {
    const cursor = input.cursor ?? 0;
    const [runs, total] = await this.#store.em().findAndCount(SyncRun, historyFilter(input), {
      orderBy: { [input.sort.by]: input.sort.direction, id: 'asc' },
      limit: input.limit,
      offset: cursor,
      populate: ['sync'],
    });
    const next = cursor + runs.length;
    return { items: runs.map((run) => toRunDto(run)), nextCursor: next < total ? next : null, total };
  }

  /** The newest runs across all syncs. */
  async recent(limit: number): Promise<RunDto[]> {
    const runs = await this.#store
      .em()
      .find(SyncRun, {}, { orderBy: { createdAt: 'desc', id: 'asc' }, limit, populate: ['sync'] });
    return runs.map((run) => toRunDto(run));
  }
}

/** The store filter for the history's filters; absent ones filter nothing. */
function historyFilter(input: ListRunsInput): FilterQuery<SyncRun> {
  const where: FilterQuery<SyncRun> & Record<string, unknown> = {};
  if (input.syncId) where.sync = input.syncId;
  if (input.status && input.status.length > 0) where.status = { $in: input.status };
  if (input.withSchemaChanges) where.schemaChangesJson = { $ne: null };
  if (input.connectionId) {
    const id = input.connectionId;
    // The connection the run used (its snapshot); runs recorded before snapshots, by their sync.
    where.$or = [
      { sourceConnectionId: id },
      { destinationConnectionId: id },
      { sourceConnectionId: null, sync: { $or: [{ sourceConnection: id }, { destinationConnection: id }] } },
    ];
  }
  if (input.from || input.to) {
    where.createdAt = { ...(input.from ? { $gte: input.from } : {}), ...(input.to ? { $lt: input.to } : {}) };
  }
  return where;
}
