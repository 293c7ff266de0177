/** Caps on concurrent runs; each run holds two database sessions, so they bound load on both sides. */
export interface RunCapLimits {
  /** Runs holding a slot at once, in this process. Default 4. */
  maxRuns: number;
  /** Runs using one saved connection (as source or destination) at once. Default 2. */
  maxRunsPerConnection: number;
}

export const DEFAULT_RUN_CAPS: RunCapLimits = { maxRuns: 4, maxRunsPerConnection: 2 };

interface Waiting {
  connectionIds: string[];
  admit: () => void;
}

/**
 * Slot accounting for the runner. Waiting runs start in the order they were queued; one whose
 * connection is at its cap is passed over (without losing its place) by later runs on other
 * connections, so one busy database does not hold up the rest.
 */
export class RunCaps {
  readonly #limits: RunCapLimits;
  readonly #perConnection = new Map<string, number>();
  readonly #queue: Waiting[] = [];
  #running = 0;

  constructor(limits: Partial<RunCapLimits> = {}) {
    this.#limits = { ...DEFAULT_RUN_CAPS, ...limits };
    if (!(this.#limits.maxRuns >= 1) || !(this.#limits.maxRunsPerConnection >= 1))
      throw new RangeError('Run caps must be at least 1.');
  }

  get load(): { running: number; queued: number } {
    return { running: this.#running, queued: this.#queue.length };
  }

  /** Take a slot now if the caps allow it and nobody is waiting for one these connections could use. */
  tryAdmit(connectionIds: string[]): boolean {
    if (this.#queue.some((waiting) => this.#overlaps(waiting, connectionIds)) || !this.#fits(connectionIds))
      return false;
    this.#take(connectionIds);
    return true;
  }

  /** Wait for a slot; `admit` is called once it is taken for the caller. */
  enqueue(connectionIds: string[], admit: () => void): void {
    this.#queue.push({ connectionIds, admit });
  }

  /** Leave the queue without a slot (a queued run cancelled). */
  dequeue(connectionIds: string[]): void {
    const index = this.#queue.findIndex((waiting) => waiting.connectionIds === connectionIds);
    if (index >= 0) this.#queue.splice(index, 1);
  }

  /** Give a slot back and hand free slots to waiting runs, in order. */
  release(connectionIds: string[]): void {
    this.#running--;
    for (const id of connectionIds) this.#perConnection.set(id, (this.#perConnection.get(id) ?? 1) - 1);
    for (let i = 0; i < this.#queue.length && this.#running < this.#limits.maxRuns;) {
      const waiting = this.#queue[i]!;
      const blockedByEarlier = this.#queue
        .slice(0, i)
        .some((earlier) => this.#overlaps(earlier, waiting.connectionIds));
      if (!blockedByEarlier && this.#fits(waiting.connectionIds)) {
        this.#queue.splice(i, 1);
        this.#take(waiting.connectionIds);
        waiting.admit();
      } else i++;
    }
  }

  #fits(connectionIds: string[]): boolean {
    return (
      this.#running < this.#limits.maxRuns &&
      connectionIds.every((id) => (this.#perConnection.get(id) ?? 0) < this.#limits.maxRunsPerConnection)
    );
  }

  #take(connectionIds: string[]): void {
    this.#running++;
    for (const id of connectionIds) this.#perConnection.set(id, (this.#perConnection.get(id) ?? 0) + 1);
  }

  #overlaps(waiting: Waiting, connectionIds: string[]): boolean {
    return waiting.connectionIds.some((id) => connectionIds.includes(id));
  }
}
