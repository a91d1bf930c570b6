/**
 * The rule of a memory of catalog data kept per catalog version (list cards, list products): what was read after
 * version `seen` was current is at least as new as `seen`, so it may be kept, and served, under `seen` and no other.
 * A list read under a newer version than the one kept empties the memory first; one read under an older version
 * (the version moved while it was read) neither takes from the memory nor adds to it.
 */
export class VersionGate {
  #kept: number | undefined;

  /** `clear` empties the memory this gate guards. */
  constructor(
    private readonly version: () => number,
    private readonly clear: () => void,
  ) {
    this.#kept = version();
  }

  /** Whether data of a list read after `seen` was the version may come from, and go into, the memory. */
  admits(seen: number): boolean {
    if (seen !== this.#kept && seen === this.version()) {
      this.clear();
      this.#kept = seen;
    }
    return seen === this.#kept;
  }

  /** Whether the memory is still kept under `seen` (data read since it was admitted may go in). */
  keeps(seen: number): boolean {
    return seen === this.#kept;
  }
}
