/**
 * What an add's product ids sell, kept in memory per catalog version, so an add needs no product query: every
 * change to the catalog bumps its version (src/catalog/catalog-version.ts), and the store checks the version the
 * answer was read at, with the products' stock still untracked, in the add's own transaction or statement
 * (CatalogCheck). When the check fails the add is planned again from the database (CatalogMoved): a memo can never
 * put a product removed, priced differently or counted since into a cart.
 *
 * Kept: products (by product id) whose stock is not counted. A counted product's stock moves with every checkout
 * without a version bump, and a price id's answer has no stock read with it: both are read every time.
 */
import type { CatalogQueries } from '../catalog/index.js';
import type { CatalogCheck } from './cart-store.js';
import { resolveSellable, type Sellable } from './sellable.js';

export interface SellableMemo {
  /** resolveSellable's answer for `ids` and the check the store must pass to write with it. */
  resolve(ids: readonly string[], fresh: boolean): Promise<{ sellable: Map<string, Sellable>; check: CatalogCheck }>;
}

export function createSellableMemo(
  catalog: CatalogQueries,
  readVersion: () => Promise<number>,
  maxEntries = 10_000,
): SellableMemo {
  let memoVersion = -1;
  let entries = new Map<string, Sellable>();
  const untracked = (sellable: ReadonlyMap<string, Sellable>) =>
    [...sellable.values()].flatMap((item) => (item.stock?.tracked === false ? [item.productId] : []));

  /** The version first, then the products: read at that version or later, which the check then rules out. */
  async function read(ids: readonly string[]) {
    const version = await readVersion();
    const sellable = await resolveSellable(catalog, ids);
    if (version !== memoVersion || entries.size + ids.length > maxEntries) {
      // Another version (newer, or an older one read late: its adds fail their check and read again): nothing kept
      // for the old one holds.
      entries = new Map();
      memoVersion = version;
    }
    for (const [id, item] of sellable)
      if (id === item.productId && item.stock?.tracked === false) entries.set(id, item);
    return { sellable, check: { version, untracked: untracked(sellable) } };
  }

  return {
    async resolve(ids, fresh) {
      if (!fresh) {
        const kept = new Map<string, Sellable>();
        for (const id of ids) {
          const item = entries.get(id);
          if (item) kept.set(id, item);
        }
        if (kept.size === new Set(ids).size)
          return { sellable: kept, check: { version: memoVersion, untracked: untracked(kept) } };
      }
      return read(ids);
    },
  };
}
