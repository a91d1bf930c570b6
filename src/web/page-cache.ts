/**
 * Rendered pages kept in memory while the catalog stays the same: the catalog listing is the same for every
 * shopper (only the header's cart count differs), so it is queried and rendered once per catalog version, not per
 * request. Bounded: past `maxEntries` the cache starts over.
 */
import { BoundedMemo } from '../util/bounded-memo.js';

export interface PageCache<T> {
  get(key: string, make: () => Promise<T>): Promise<T>;
}

export function createPageCache<T>(version: () => number, maxEntries = 500): PageCache<T> {
  let cachedVersion = version();
  const entries = new BoundedMemo<string, Promise<T>>(maxEntries);
  return {
    get(key, make) {
      if (version() !== cachedVersion) {
        entries.clear();
        cachedVersion = version();
      }
      let entry = entries.get(key);
      if (!entry) {
        entry = make();
        entries.set(key, entry);
        entry.catch(() => entries.delete(key)); // a failure is not remembered
      }
      return entry;
    },
  };
}
