/**
 * The products of search and collection pages kept per catalog version: every sort, filter and page of a large
 * catalog is a page of its own (more than the page caches hold), but the products on them are the same few thousand,
 * so a page reads only those not kept since the version began, and often none. Kept by the list cards' rule
 * (src/catalog/version-gate.ts; src/web/views/list-cards.tsx), exact for what lists show: every change a list or predictive search shows moves
 * the version (an import, a sync, a product selling out or running low: src/stock/shown-stock.ts). A stock count
 * that stays above the low threshold may be older here; no list shows it.
 */
import type { CatalogQueries, Product } from '../catalog/index.js';
import { VersionGate } from '../catalog/version-gate.js';
import { BoundedMemo } from '../util/bounded-memo.js';

/** As many as the list cards keep: ~0.7 KB each with a short description, ~14 MB when full. */
export const KEPT_LIST_PRODUCTS = 20_000;

type Reads = Pick<CatalogQueries, 'productsByNumIds' | 'productsByIds'>;

export interface KeptListProducts {
  /**
   * The products of `numbers` (or of `ids`), in that order (undefined where none is listed). `seenVersion` is the
   * catalog's version read before the list was: products are kept, and served, only under the version they are at
   * least as new as.
   */
  byNumbers(numbers: readonly number[], seenVersion: number): Promise<Array<Product | undefined>>;
  byIds(ids: readonly string[], seenVersion: number): Promise<Array<Product | undefined>>;
  readonly size: number;
}

/** Without a version (nothing to tell when the catalog changes) every page reads its products. */
export function createKeptListProducts(
  catalog: Reads,
  version: (() => number) | undefined,
  maxProducts = KEPT_LIST_PRODUCTS,
): KeptListProducts {
  const byNumber = new BoundedMemo<number, Product>(maxProducts);
  const byId = new BoundedMemo<string, Product>(maxProducts);
  const gate =
    version &&
    new VersionGate(version, () => {
      byNumber.clear();
      byId.clear();
    });

  async function read<K>(
    keys: readonly K[],
    seen: number,
    memo: BoundedMemo<K, Product>,
    load: (missing: K[]) => Promise<Map<K, Product>>,
  ): Promise<Array<Product | undefined>> {
    const use = gate?.admits(seen) ?? false;
    // Taken before the read: another page's read may empty the memory meanwhile.
    const kept = keys.map((key) => (use ? memo.get(key) : undefined));
    const missing = keys.filter((_, i) => kept[i] === undefined);
    const loaded = missing.length > 0 ? await load(missing) : new Map<K, Product>();
    // Not when the version moved on while they were read: they may be older than the version now kept.
    if (use && gate!.keeps(seen)) {
      for (const product of loaded.values()) {
        byNumber.set(product.numId, product);
        byId.set(product.id, product);
      }
    }
    return keys.map((key, i) => kept[i] ?? loaded.get(key));
  }

  return {
    byNumbers: (numbers, seen) => read(numbers, seen, byNumber, (missing) => catalog.productsByNumIds(missing)),
    byIds: (ids, seen) => read(ids, seen, byId, (missing) => catalog.productsByIds(missing)),
    get size() {
      return byNumber.size;
    },
  };
}
