import { Worker, type Store } from '@pipecraft/store';
import type { WorkerDto } from '../schemas/worker.js';

/**
 * Live workers: those whose heartbeat is recent and that did not stop. A worker counts as live for
 * `liveWindowMs` after its last heartbeat (default 30 s: twice the default run lease), so one that
 * was killed drops off the list about when its runs are settled.
 */
export class WorkerService {
  readonly #store: Store;
  readonly #liveWindowMs: number;

  constructor(deps: { store: Store; liveWindowMs?: number }) {
    this.#store = deps.store;
    this.#liveWindowMs = deps.liveWindowMs ?? 30_000;
  }

  async listLive(now: Date = new Date()): Promise<WorkerDto[]> {
    const workers = await this.#store
      .em()
      .find(
        Worker,
        { stoppedAt: null, heartbeatAt: { $gte: new Date(now.getTime() - this.#liveWindowMs) } },
        { orderBy: { startedAt: 'asc' } },
      );
    return workers.map((worker) => ({
      id: worker.id,
      hostname: worker.hostname,
      pid: worker.pid,
      concurrency: worker.concurrency,
      activeRuns: worker.activeRuns,
      startedAt: worker.startedAt,
      heartbeatAt: worker.heartbeatAt,
    }));
  }
}
