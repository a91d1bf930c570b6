/**
 * A search's matches held in memory, with what sorting and filtering need: read from the database once per query per
 * catalog version (src/search/match-cache.ts), then every page, order and price or stock filter of that search is
 * cut from it without a query. The orders are the ones the SQL of src/search/browse-queries.ts gives, key for key
 * (relevance as the database ranked it; names in the database's own collation), so a page is the same either way.
 * Pure.
 */
import type { BrowseFilter, SortKey } from './browse-options.js';

/** One row per match, in relevance order (the database's ranking, then listing position). */
export interface MatchRows {
  numIds: Int32Array;
  /** Listed price; NaN when the product has none. */
  prices: Float64Array;
  /** Listing position (1 = newest). */
  positions: Int32Array;
  /** Place in the database's order by name, then listing position. */
  nameRanks: Int32Array;
  /** 1 when the product can be bought now (untracked, or counted with some left). */
  inStock: Uint8Array;
}

export interface MatchRow {
  numId: number;
  price: number | null;
  position: number;
  nameRank: number;
  inStock: boolean;
}

export function matchRows(rows: readonly MatchRow[]): MatchRows {
  const list: MatchRows = {
    numIds: new Int32Array(rows.length),
    prices: new Float64Array(rows.length),
    positions: new Int32Array(rows.length),
    nameRanks: new Int32Array(rows.length),
    inStock: new Uint8Array(rows.length),
  };
  rows.forEach((row, i) => {
    list.numIds[i] = row.numId;
    list.prices[i] = row.price ?? Number.NaN;
    list.positions[i] = row.position;
    list.nameRanks[i] = row.nameRank;
    list.inStock[i] = row.inStock ? 1 : 0;
  });
  return list;
}

/**
 * Row indexes in a sort order. `nullsFirst`: where a product without a price sorts in price low to high (SQLite puts
 * NULL first, PostgreSQL last; high to low is the reverse on both).
 */
export function sortedIndexes(list: MatchRows, sort: SortKey, nullsFirst: boolean): Int32Array {
  const order = Int32Array.from({ length: list.numIds.length }, (_, i) => i);
  const { prices, positions, nameRanks } = list;
  const price = (i: number) => (Number.isNaN(prices[i]!) ? (nullsFirst ? -Infinity : Infinity) : prices[i]!);
  switch (sort) {
    case 'relevance':
      return order;
    case 'price-ascending':
      return order.sort((a, b) => price(a) - price(b) || positions[a]! - positions[b]!);
    case 'price-descending':
      return order.sort((a, b) => price(b) - price(a) || positions[b]! - positions[a]!);
    case 'title-ascending':
      return order.sort((a, b) => nameRanks[a]! - nameRanks[b]!);
    default:
      return order.sort((a, b) => positions[a]! - positions[b]!);
  }
}

function passes(list: MatchRows, i: number, filter: BrowseFilter): boolean {
  const price = list.prices[i]!;
  // As in SQL, a product without a price fails any price bound.
  if (filter.minPrice !== undefined && !(price >= filter.minPrice)) return false;
  if (filter.maxPrice !== undefined && !(price <= filter.maxPrice)) return false;
  return !filter.inStock || list.inStock[i] === 1;
}

/** The product numbers of rows `offset` to `offset + limit` (exclusive) of the filtered list in `order`. */
export function sliceMatches(
  list: MatchRows,
  order: Int32Array,
  filter: BrowseFilter,
  offset: number,
  limit: number,
): number[] {
  const found: number[] = [];
  let skipped = 0;
  for (let n = 0; n < order.length && found.length < limit; n++) {
    const i = order[n]!;
    if (!passes(list, i, filter)) continue;
    if (skipped < offset) skipped++;
    else found.push(list.numIds[i]!);
  }
  return found;
}

/** Whether any row passes the filter (a search that found nothing this way falls back to near matches). */
export function anyMatch(list: MatchRows, filter: BrowseFilter): boolean {
  for (let i = 0; i < list.numIds.length; i++) if (passes(list, i, filter)) return true;
  return false;
}
