/**
 * Remembered results that start over when full: for memories whose keys are few in normal use (a catalog version's
 * pages, live sessions' cookies, a catalog's names) but which requests could otherwise grow without end. Starting
 * over costs one recomputation per key in use, never unbounded memory, and keeps the hot path a plain Map lookup
 * (no least-recently-used bookkeeping).
 */
export class BoundedMemo<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Remembers `value`; a new key in a full memory first empties it. */
  set(key: K, value: V): void {
    if (this.#entries.size >= this.maxEntries && !this.#entries.has(key)) this.#entries.clear();
    this.#entries.set(key, value);
  }

  /** The remembered value, or `make()`'s, remembered. */
  remember(key: K, make: () => V): V {
    if (this.#entries.has(key)) return this.#entries.get(key)!;
    const value = make();
    this.set(key, value);
    return value;
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
