/**
 * One lock per key (here: per sync id), in process. `runExclusive` calls for the same key run one
 * after another; different keys do not wait for each other.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  async runExclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    const tail = current.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await current;
    } finally {
      // Forget the key once nobody queued behind us, so the map does not grow forever.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
