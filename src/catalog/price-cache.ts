/**
 * The catalog's prices as carts see them (pricesByIds), kept in memory per catalog version: every change to the
 * catalog (imports, Stripe events, the shop's currency, stock shown) bumps the version in its own transaction, so
 * prices read after version V was read are V's or newer, and a reader that names the version it read is never given
 * older ones. A cart read costs no price query once its prices were read for the version. Bounded: past
 * `maxEntries` it starts over.
 */
import type { PriceDetails } from './cart-prices.js';

export interface CartPriceCache {
  /**
   * The details of `ids` as of catalog version `version` (read from the database by the caller, before this call):
   * from memory when read for that version already, else with one query (`load`), remembered for that version.
   * A version below 0 (never read) is not cached.
   */
  at(ids: readonly string[], version: number): Promise<ReadonlyMap<string, PriceDetails>>;
}

export function createCartPriceCache(
  load: (ids: readonly string[]) => Promise<Map<string, PriceDetails>>,
  maxEntries = 20_000,
): CartPriceCache {
  let cachedVersion = -1;
  // A price absent from the catalog is remembered as such: a line of a price gone from it costs no query either.
  let entries = new Map<string, PriceDetails | undefined>();
  return {
    async at(ids, version) {
      if (version < 0) return load(ids);
      if (version !== cachedVersion) {
        // Another version (newer, or a restored database's): nothing read for the old one holds.
        entries = new Map();
        cachedVersion = version;
      }
      const table = entries;
      const found = new Map<string, PriceDetails>();
      const missing: string[] = [];
      for (const id of new Set(ids)) {
        if (!table.has(id)) missing.push(id);
        else if (table.get(id)) found.set(id, table.get(id)!);
      }
      if (missing.length === 0) return found;
      const loaded = await load(missing);
      for (const [id, details] of loaded) found.set(id, details);
      // Kept only while the cache still holds this version: another may have replaced it during the query.
      if (table === entries) {
        if (table.size + missing.length > maxEntries) entries = new Map();
        for (const id of missing) entries.set(id, loaded.get(id));
      }
      return found;
    },
  };
}
