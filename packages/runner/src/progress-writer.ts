import type { Logger } from '@pipecraft/logger';
import { SyncRun, type Store } from '@pipecraft/store';

/**
 * Writes a run's `rowsCopied` at most every `intervalMs`, one write in flight at a time, and only
 * while the run is `running`, so a late progress write can never overwrite the final status.
 */
export class ProgressWriter {
  readonly #store: Store;
  readonly #runId: string;
  readonly #intervalMs: number;
  readonly #logger: Logger;
  #latest = 0;
  #written = 0;
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(store: Store, runId: string, intervalMs: number, logger: Logger) {
    this.#store = store;
    this.#runId = runId;
    this.#intervalMs = intervalMs;
    this.#logger = logger;
  }

  /** The last count reported (written or not). */
  get latest(): number {
    return this.#latest;
  }

  report(rowsCopied: number): void {
    this.#latest = rowsCopied;
    if (this.#stopped || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#flush();
    }, this.#intervalMs);
  }

  /** Drops what is not written yet and waits for the write in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#inFlight;
  }

  #flush(): void {
    if (this.#stopped || this.#latest === this.#written) return;
    const rows = this.#latest;
    this.#inFlight = this.#inFlight
      .then(() => this.#store.em().nativeUpdate(SyncRun, { id: this.#runId, status: 'running' }, { rowsCopied: rows }))
      .then(() => {
        this.#written = rows;
      })
      .catch((error: unknown) => this.#logger.warn('Could not record run progress', { runId: this.#runId, error }));
  }
}
