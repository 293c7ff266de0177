import type { Logger } from '@pipecraft/logger';
import { SyncRun, type RunPhaseRecord, type Store } from '@pipecraft/store';
import type { PhaseEvent } from '@pipecraft/sync-engine';

/**
 * Keeps a run's steps (the engine's `onPhase`) with their timings and writes each change to the
 * store while the run is `running`, one write in flight at a time, so the run's page shows the
 * step it is in (e.g. `lock` while it waits for another session). `finish()` closes the last step
 * and hands the fields to record with the outcome.
 */
export class PhaseRecorder {
  readonly #store: Store;
  readonly #runId: string;
  readonly #logger: Logger;
  readonly #now: () => Date;
  readonly #phases: RunPhaseRecord[] = [];
  #rowEstimate: number | null = null;
  #inFlight: Promise<void> = Promise.resolve();
  #finished = false;

  constructor(store: Store, runId: string, logger: Logger, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#runId = runId;
    this.#logger = logger;
    this.#now = now;
  }

  /** The engine's `onPhase`. */
  enter(event: PhaseEvent): void {
    if (this.#finished) return;
    const now = this.#now();
    this.#closeCurrent(now);
    this.#phases.push({ phase: event.phase, startedAt: now.toISOString(), durationMs: null });
    if (event.sourceRowEstimate !== undefined) this.#rowEstimate = event.sourceRowEstimate;
    const fields = {
      phase: event.phase,
      phasesJson: JSON.stringify(this.#phases),
      ...(event.sourceRowEstimate !== undefined ? { rowEstimate: this.#rowEstimate } : {}),
    };
    this.#inFlight = this.#inFlight
      .then(() => this.#store.em().nativeUpdate(SyncRun, { id: this.#runId, status: 'running' }, fields))
      .then(() => undefined)
      .catch((error: unknown) => this.#logger.warn('Could not record a run step', { runId: this.#runId, error }));
  }

  /** Ends the last step (the run stopped there, by success or failure) and returns what to record. */
  async finish(): Promise<{ phase: null; phasesJson: string | null; rowEstimate: number | null }> {
    this.#finished = true;
    this.#closeCurrent(this.#now());
    await this.#inFlight;
    return {
      phase: null,
      phasesJson: this.#phases.length > 0 ? JSON.stringify(this.#phases) : null,
      rowEstimate: this.#rowEstimate,
    };
  }

  #closeCurrent(now: Date): void {
    const current = this.#phases.at(-1);
    if (current && current.durationMs === null)
      current.durationMs = Math.max(0, now.getTime() - Date.parse(current.startedAt));
  }
}
