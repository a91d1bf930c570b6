/**
 * Every listed product's sort keys (listing position, listed price, whether it can be bought now, and on first ask
 * its place by name), read once per catalog version and held in memory (src/search/match-cache.ts), so a search's
 * first read on PostgreSQL is its trigram index and `product_search` alone: ranking every match of a common word by
 * those keys read one `products` and one `stock_levels` probe per match (docs/decisions/0010, 2026-11-29 h20e).
 * Imports and stock changes a page shows bump the catalog version (src/catalog/catalog-version.ts): the keys are
 * then read again, as the kept matches are.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isPostgres } from './dialect.js';

export interface SortKeys {
  /** The product's row in the arrays below; undefined when it is not listed. */
  row(numId: number): number | undefined;
  /** Listing position (1 = newest). */
  positions: Int32Array;
  /** Listed price; NaN when the product has none. */
  prices: Float64Array;
  /** 1 when the product can be bought now (untracked, or counted with some left). */
  inStock: Uint8Array;
  /** Each row's place in the database's order by name, then listing position: read the first time it is asked. */
  nameRanks(): Promise<Int32Array>;
}

/** Reads the keys of every listed product: one pass over `products_search_keys` and the sold-out stock rows. */
export async function readSortKeys(db: Kysely<Database>): Promise<SortKeys> {
  // The keys as one text each (number lists parsed here): 100,000 rows as objects cost the driver several times more.
  // One statement, so the sold-out products are those of the same snapshot.
  const { rows } = await sql<{
    nums: string | null;
    positions: string | null;
    prices: string | null;
    sold_out: string | null;
  }>`select
      string_agg(cast(p.num_id as text), ',') as nums,
      string_agg(cast(p.listing_position as text), ',') as positions,
      string_agg(coalesce(cast(p.list_price as text), ''), ',') as prices,
      (select string_agg(cast(q.num_id as text), ',') from stock_levels sl join products q on q.id = sl.product_id
        where sl.on_hand - sl.reserved <= 0) as sold_out
      from products p where p.listing_position is not null`.execute(db);
  const numbers = (text: string | null | undefined) => (text ? text.split(',') : []);
  const nums = numbers(rows[0]?.nums);
  const rowOf = new Map<number, number>();
  nums.forEach((num, i) => rowOf.set(Number(num), i));
  const positions = Int32Array.from(numbers(rows[0]?.positions), Number);
  const prices = Float64Array.from(numbers(rows[0]?.prices), (price) => (price === '' ? Number.NaN : Number(price)));
  const size = nums.length;
  const inStock = new Uint8Array(size).fill(1);
  for (const num of numbers(rows[0]?.sold_out)) {
    const row = rowOf.get(Number(num));
    if (row !== undefined) inStock[row] = 0;
  }
  let named: Promise<Int32Array> | undefined;
  return {
    row: (numId) => rowOf.get(numId),
    positions,
    prices,
    inStock,
    nameRanks() {
      // A failed read is asked again next time rather than kept.
      named ??= readNameRanks(db, positions).catch((error: unknown) => {
        named = undefined;
        throw error;
      });
      return named;
    },
  };
}

/**
 * Every listed product's place by name in the database's collation: the listing positions in order of the index on
 * (name, listing position), read from the index alone, so the database sorts nothing (ordering 100,000 names in a
 * UTF-8 collation took it ~150-250 ms), and sent as one text (an array of a subquery keeps the subquery's order):
 * as 100,000 rows the driver's parsing made it a 500-700 ms read under the finding bench, which every shopper first
 * sorting a search by name waited for (docs/decisions/0010, 2026-11-29 h20f). A position read here that the keys do
 * not hold (the catalog changed between the reads) is skipped; a product it misses sorts last.
 */
async function readNameRanks(db: Kysely<Database>, positions: Int32Array): Promise<Int32Array> {
  const inOrder = isPostgres(db) ? await positionsByNameText(db) : await positionsByNameRows(db);
  const rowOfPosition = new Map<number, number>();
  positions.forEach((position, row) => rowOfPosition.set(position, row));
  const ranks = new Int32Array(positions.length).fill(positions.length);
  inOrder.forEach((position, rank) => {
    const row = rowOfPosition.get(Number(position));
    if (row !== undefined) ranks[row] = rank;
  });
  return ranks;
}

async function positionsByNameText(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ positions: string | null }>`select array_to_string(array(select listing_position
    from products where listing_position is not null order by name, listing_position), ',') as positions`.execute(db);
  return rows[0]?.positions ? rows[0].positions.split(',') : [];
}

/** SQLite (where the keys serve no first read, and rows cost its driver little): one row per product. */
async function positionsByNameRows(db: Kysely<Database>): Promise<number[]> {
  const { rows } = await sql<{ listing_position: number }>`select listing_position from products
    where listing_position is not null order by name, listing_position`.execute(db);
  return rows.map((row) => row.listing_position);
}
