/**
 * Searches' matches kept in memory per catalog version (src/search/match-list.ts): ranking every match of a common
 * word costs tens of milliseconds at 100,000 products (bm25 over thousands of rows, or a scan for one- and
 * two-character words), and a shopper's pages, orders, filters and suggestions of one query all share that ranking.
 * Bounded twice: of a query matching more than MAX_CACHED_MATCHES products only the top KEPT_TOP of its ranking
 * is kept, for its first pages in relevance order and its suggestions (deeper pages, other orders and filters of it
 * are answered by SQL, src/search/browse-queries.ts), and past MAX_CACHED_ROWS rows in all the oldest queries go.
 * A collection's members are kept the same way, as a match in listing order (`collection:<handle>`). It also holds
 * the catalog version's sort keys (src/search/sort-keys.ts), against which a first read on PostgreSQL ranks its
 * matches without reading their product rows.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SearchMatch } from './browse-queries.js';
import { foldText } from './search-text.js';
import { matchRows, sortedIndexes, type MatchRows } from './match-list.js';
import type { SortKey } from './browse-options.js';
import type { SortKeys } from './sort-keys.js';

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
  /**
   * Sort orders, made when first asked. On PostgreSQL the name order (its collation's) is read from the database the
   * first time a shopper sorts this search by name, not with every first read.
   */
  order(sort: SortKey): Promise<Int32Array>;
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
  /** Read on SQLite only. */
  name: string;
  score?: number;
};

/**
 * Every listed match of `match` in relevance order, or when there are more than `maxMatches` the top of them. The name order comes from
 * PostgreSQL's own collation, read when first asked (readNameRanks); SQLite's BINARY order is code point order,
 * which compareCodePoints repeats. Where the match says how (SQLite's `rank`), a complete list is ranked
 * here rather than in SQL, which would read every match's indexed name again to look for the query in it.
 */
export async function readMatches(
  db: Kysely<Database>,
  match: SearchMatch,
  postgres: boolean,
  maxMatches = MAX_CACHED_MATCHES,
  keys?: () => Promise<SortKeys>,
): Promise<MatchEntry> {
  return readAll(db, match, postgres, maxMatches, keys);
}

/**
 * Every listed match ranked in memory: the search index gives each match's tier and score (no product row read), the
 * catalog version's sort keys its listing position, price and stock. Undefined when the index holds more matches
 * than a list keeps (listed or not): those are ranked by SQL (readAll).
 */
async function readKeyed(
  db: Kysely<Database>,
  keyed: NonNullable<SearchMatch['keyed']>,
  keys: () => Promise<SortKeys>,
  maxMatches: number,
): Promise<MatchEntry | undefined> {
  const [{ rows }, all] = await Promise.all([
    sql<{ num_id: number | string; tier: number | string; score: number | string }>`select ${keyed.id} as num_id,
      ${keyed.tier} as tier, ${keyed.score} as score from ${keyed.from} where ${keyed.where} limit ${maxMatches + 1}`.execute(
      db,
    ),
    keys(),
  ]);
  if (rows.length > maxMatches) return undefined;
  const found: Array<{ numId: number; row: number; tier: number; score: number }> = [];
  for (const match of rows) {
    const numId = Number(match.num_id);
    const row = all.row(numId);
    if (row !== undefined) found.push({ numId, row, tier: Number(match.tier), score: Number(match.score) });
  }
  // The SQL's order: tier, score descending, listing position (scores arrive as the database's exact values).
  found.sort((a, b) => a.tier - b.tier || b.score - a.score || all.positions[a.row]! - all.positions[b.row]!);
  const list = matchRows(
    found.map(({ numId, row }) => {
      const price = all.prices[row]!;
      return {
        numId,
        price: Number.isNaN(price) ? null : price,
        position: all.positions[row]!,
        nameRank: 0,
        inStock: all.inStock[row] === 1,
      };
    }),
  );
  // The name order: each match's place among every listed product, read once per catalog version when first asked.
  return entry(list, true, true, async () => {
    const ranks = await all.nameRanks();
    found.forEach(({ row }, i) => (list.nameRanks[i] = ranks[row]!));
  });
}

async function readAll(
  db: Kysely<Database>,
  match: SearchMatch,
  postgres: boolean,
  maxMatches: number,
  keys: (() => Promise<SortKeys>) | undefined,
): Promise<MatchEntry> {
  const where = sql`p.listing_position is not null and ${match.where}`;
  // Names only where they are sorted here (SQLite): PostgreSQL's name order is read when first asked.
  const select = sql`select p.num_id, p.list_price, p.listing_position, ${IN_STOCK} as in_stock${postgres ? sql`` : sql`, p.name`}`;
  const ranked = (limit: number) =>
    sql<Row>`${select} from ${match.from} where ${where} order by ${match.relevance}, p.listing_position limit ${limit}`.execute(
      db,
    );
  const rank = match.rank;
  // More matches than a list keeps, by the index's count: no read of them all, only the top of the ranking below.
  const many = match.atMost
    ? Number((await sql<{ n: number | string }>`${match.atMost}`.execute(db)).rows[0]?.n ?? 0) > maxMatches
    : false;
  const keyed = !many && match.keyed && keys && (await readKeyed(db, match.keyed, keys, maxMatches));
  if (keyed) return keyed;
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
  if (!complete && match.walk) rows = await walkTop(db, select, match.walk, top);
  else if (!complete) rows = rank || many ? (await ranked(top)).rows : rows.slice(0, top);
  else if (rank) rows = rankHere(rows, rank.nameHolds);
  // PostgreSQL's name order is its collation's: read when a shopper first sorts by name (most never do).
  const ranks = postgres ? rows.map(() => 0) : nameRanks(rows);
  const list = matchRows(
    rows.map((row, i) => ({
      numId: Number(row.num_id),
      price: row.list_price === null ? null : Number(row.list_price),
      position: Number(row.listing_position),
      nameRank: ranks[i]!,
      inStock: Number(row.in_stock) === 1,
    })),
  );
  return entry(list, complete, postgres, postgres ? () => readNameRanks(db, list) : undefined);
}

/** Kept matches whose orders are made when first asked; `readNames` fills the name ranks before the first name order. */
function entry(
  list: MatchRows,
  complete: boolean,
  postgres: boolean,
  readNames: (() => Promise<void>) | undefined,
): MatchEntry {
  const orders = new Map<SortKey, Int32Array>();
  let named: Promise<void> | undefined = readNames ? undefined : Promise.resolve();
  return {
    rows: list,
    complete,
    async order(sort) {
      if (sort === 'title-ascending' && !named) {
        // A failed read is asked again next time rather than kept.
        named = readNames!().catch((error: unknown) => {
          named = undefined;
          throw error;
        });
      }
      if (sort === 'title-ascending') await named;
      let order = orders.get(sort);
      if (!order) orders.set(sort, (order = sortedIndexes(list, sort, !postgres)));
      return order;
    },
  };
}

/**
 * Fills `list.nameRanks` with each match's place in PostgreSQL's order by name, then listing position: one read of
 * the matches' names by number (an index-only scan of `products_search_keys`), sorted in the database's collation.
 * A match no longer listed (the catalog changed since the first read) goes last.
 */
async function readNameRanks(db: Kysely<Database>, list: MatchRows): Promise<void> {
  if (list.numIds.length === 0) return;
  const { rows } = await sql<{ num_id: number | string }>`select p.num_id from products p
    where p.num_id = any(${Array.from(list.numIds)}::bigint[]) and p.listing_position is not null
    order by p.name, p.listing_position`.execute(db);
  const place = new Map(rows.map((row, i) => [Number(row.num_id), i]));
  list.numIds.forEach((numId, i) => (list.nameRanks[i] = place.get(numId) ?? rows.length + i));
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
  /** The catalog version's sort keys of every listed product (src/search/sort-keys.ts), read by `read` once. */
  sortKeys?(read: () => Promise<SortKeys>): Promise<SortKeys>;
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
  let keys: Promise<SortKeys> | undefined;
  const forget = (key: string) => {
    rows -= sizes.get(key) ?? 0;
    sizes.delete(key);
    entries.delete(key);
  };
  const current = () => {
    if (version() === cachedVersion) return;
    entries.clear();
    sizes.clear();
    rows = 0;
    keys = undefined;
    cachedVersion = version();
  };
  return {
    maxMatches,
    sortKeys(read) {
      current();
      if (keys) return keys;
      const reading = read();
      keys = reading;
      // A failed read is not kept.
      reading.catch(() => {
        if (keys === reading) keys = undefined;
      });
      return reading;
    },
    get(key, read) {
      current();
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
