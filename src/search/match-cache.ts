/**
 * Searches' matches kept in memory per catalog version (src/search/match-list.ts): ranking every match of a common
 * word costs tens of milliseconds at 100,000 products (bm25 over thousands of rows, or a scan for one- and
 * two-character words), and a shopper's pages, orders, filters and suggestions of one query all share that ranking.
 * Bounded twice: of a query matching more than MAX_CACHED_MATCHES products only the top KEPT_TOP of its ranking
 * is kept, for its first pages in relevance order and its suggestions (deeper pages, other orders and filters of it
 * are answered by SQL, src/search/browse-queries.ts), and past MAX_CACHED_ROWS rows in all the oldest queries go.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SearchMatch } from './browse-queries.js';
import { foldText } from './search-text.js';
import { matchRows, sortedIndexes, type MatchRows } from './match-list.js';
import type { SortKey } from './browse-options.js';

/** More than a list serves (500 pages of 24 = 12,000), so a filter still finds every reachable match. */
export const MAX_CACHED_MATCHES = 15_000;
/** Of a query with more matches, the top of its ranking kept: ten pages of 24, and every suggestion. */
export const KEPT_TOP = 240;
/** About 21 bytes a row: 1,000,000 rows is ~21 MB at most. */
export const MAX_CACHED_ROWS = 1_000_000;

export interface CachedMatches {
  rows: MatchRows;
  /** False when `rows` holds only the top of the ranking (KEPT_TOP): unfiltered relevance pages only. */
  complete: boolean;
  /** Sort orders, made when first asked. */
  order(sort: SortKey): Int32Array;
}

export type MatchEntry = CachedMatches;

const IN_STOCK = sql`(case when exists (select 1 from stock_levels sl where sl.product_id = p.id and sl.on_hand - sl.reserved <= 0) then 0 else 1 end)`;

/** UTF-16 strings compared in code point order: SQLite's BINARY collation (memcmp of UTF-8), for names. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    // Surrogates (characters past U+FFFF) sort after U+E000..U+FFFF in code point order, before them in UTF-16.
    if (x !== y)
      return (
        (x >= 0xd800 ? (x < 0xe000 ? x + 0x2000 : x - 0x800) : x) -
        (y >= 0xd800 ? (y < 0xe000 ? y + 0x2000 : y - 0x800) : y)
      );
  }
  return a.length - b.length;
}

type Row = {
  num_id: number | string;
  list_price: number | string | null;
  listing_position: number | string;
  in_stock: number | string;
  name: string;
  name_rank?: number | string;
  score?: number;
};

/**
 * Every listed match of `match` in relevance order, or when there are more than `maxMatches` the top of them. The name order comes from
 * PostgreSQL's own collation (a window function); SQLite cannot use bm25 beside one, and its BINARY order is code
 * point order, which compareCodePoints repeats. Where the match says how (SQLite's `rank`), a complete list is ranked
 * here rather than in SQL, which would read every match's indexed name again to look for the query in it.
 */
export async function readMatches(
  db: Kysely<Database>,
  match: SearchMatch,
  postgres: boolean,
  maxMatches = MAX_CACHED_MATCHES,
): Promise<MatchEntry> {
  const where = sql`p.listing_position is not null and ${match.where}`;
  const nameRank = postgres ? sql`, row_number() over (order by p.name, p.listing_position) as name_rank` : sql``;
  const columns = sql`select p.num_id, p.list_price, p.listing_position, ${IN_STOCK} as in_stock, p.name`;
  const select = sql`${columns} ${nameRank}`;
  // The top of a ranking serves relevance pages only (CachedMatches.complete): no name order, whose window function
  // would read every match before the limit.
  const ranked = (limit: number, named = true) =>
    sql<Row>`${named ? select : columns} from ${match.from} where ${where} order by ${match.relevance}, p.listing_position limit ${limit}`.execute(
      db,
    );
  const rank = match.rank;
  // More matches than a list keeps, by the index's count: no read of them all, only the top of the ranking below.
  const many = match.atMost
    ? Number((await sql<{ n: number | string }>`${match.atMost}`.execute(db)).rows[0]?.n ?? 0) > maxMatches
    : false;
  // Without an order the read stops as soon as there are too many to keep all.
  let { rows } = many
    ? { rows: [] as Row[] }
    : rank
      ? await sql<Row>`${select}, ${rank.score} as score from ${match.from} where ${where} limit ${maxMatches + 1}`.execute(
          db,
        )
      : await ranked(maxMatches + 1);
  const complete = !many && rows.length <= maxMatches;
  // Too many: the top of the ranking only (a smaller sort than the whole list's); deeper pages are asked of SQL.
  const top = Math.min(maxMatches, KEPT_TOP);
  if (!complete && match.walk) rows = await walkTop(db, columns, match.walk, top);
  else if (!complete) rows = rank || many ? (await ranked(top, false)).rows : rows.slice(0, top);
  else if (rank) rows = rankHere(rows, rank.nameHolds);
  const ranks = postgres ? rows.map((row) => (complete ? Number(row.name_rank) : 0)) : nameRanks(rows);
  const list = matchRows(
    rows.map((row, i) => ({
      numId: Number(row.num_id),
      price: row.list_price === null ? null : Number(row.list_price),
      position: Number(row.listing_position),
      nameRank: ranks[i]!,
      inStock: Number(row.in_stock) === 1,
    })),
  );
  const orders = new Map<SortKey, Int32Array>();
  return {
    rows: list,
    complete,
    order(sort) {
      let order = orders.get(sort);
      if (!order) orders.set(sort, (order = sortedIndexes(list, sort, !postgres)));
      return order;
    },
  };
}

/**
 * The top `limit` of a ranking that is "first tier, then newest": the listing order walked for the first tier, then
 * (when it holds fewer) for the rest, each stopping at the limit. The same rows as ORDER BY tier, listing_position.
 */
async function walkTop(
  db: Kysely<Database>,
  select: RawBuilder<unknown>,
  walk: NonNullable<SearchMatch['walk']>,
  limit: number,
): Promise<Row[]> {
  const tier = async (condition: RawBuilder<unknown>, n: number) =>
    (
      await sql<Row>`${select} from products p where p.listing_position is not null and ${walk.where} and ${condition}
        order by p.listing_position limit ${n}`.execute(db)
    ).rows;
  const first = await tier(walk.first, limit);
  return first.length < limit ? [...first, ...(await tier(walk.rest, limit - first.length))] : first;
}

/** SearchMatch.rank's order: names holding the query first (the index holds names folded as foldText does), then score, then position. */
function rankHere(rows: Row[], nameHolds: string): Row[] {
  const tiers = new Map(rows.map((row) => [row, foldText(row.name).includes(nameHolds) ? 0 : 1]));
  return rows.sort(
    (a, b) =>
      tiers.get(a)! - tiers.get(b)! || a.score! - b.score! || Number(a.listing_position) - Number(b.listing_position),
  );
}

/** Each row's place in order by name, then listing position (SQLite's BINARY collation). */
function nameRanks(rows: readonly Row[]): number[] {
  const order = rows
    .map((_, i) => i)
    .sort(
      (a, b) =>
        compareCodePoints(rows[a]!.name, rows[b]!.name) ||
        Number(rows[a]!.listing_position) - Number(rows[b]!.listing_position),
    );
  const ranks = new Array<number>(rows.length);
  order.forEach((row, rank) => (ranks[row] = rank));
  return ranks;
}

export interface MatchCache {
  /** Matches a query keeps in full (more keep only the top of the ranking). */
  maxMatches: number;
  get(key: string, read: () => Promise<MatchEntry>): Promise<MatchEntry>;
}

/** Entries per catalog version; a read that fails is not kept. */
export function createMatchCache(
  version: () => number,
  { maxRows = MAX_CACHED_ROWS, maxMatches = MAX_CACHED_MATCHES } = {},
): MatchCache {
  let cachedVersion = version();
  const entries = new Map<string, Promise<MatchEntry>>();
  const sizes = new Map<string, number>();
  let rows = 0;
  const forget = (key: string) => {
    rows -= sizes.get(key) ?? 0;
    sizes.delete(key);
    entries.delete(key);
  };
  return {
    maxMatches,
    get(key, read) {
      if (version() !== cachedVersion) {
        entries.clear();
        sizes.clear();
        rows = 0;
        cachedVersion = version();
      }
      const found = entries.get(key);
      if (found) return found;
      const entry = read();
      entries.set(key, entry);
      entry.then(
        (value) => {
          if (entries.get(key) !== entry) return;
          const size = value.rows.numIds.length;
          sizes.set(key, size);
          rows += size;
          // The oldest queries go first (a Map iterates in insertion order).
          for (const oldest of entries.keys()) {
            if (rows <= maxRows || oldest === key) break;
            forget(oldest);
          }
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return entry;
    },
  };
}
