/**
 * Lists of product ids for catalog, collection and search pages. A search's and a collection's pages are cut from
 * their matches (members) kept in memory per catalog version (src/search/match-cache.ts) when those hold them all;
 * otherwise, and for every listed product (`/collections/all`), one query per page, walking an index in the asked
 * order and stopping after the page (a page of 24 asks for 25 to know whether another follows; no count of the whole
 * list). Searching differs per database (src/search/match-*.ts, docs/decisions/0010).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { BrowseRequest, BrowseResult, SortKey } from './browse-options.js';
import { isPostgres } from './dialect.js';
import { anyMatch, sliceMatches } from './match-list.js';
import { readMatches, type MatchCache, type CachedMatches } from './match-cache.js';
import { postgresMatch } from './match-postgres.js';
import { sqliteMatch } from './match-sqlite.js';
import { readSortKeys } from './sort-keys.js';

export const BROWSE_PAGE_SIZE = 24;

/** How a search joins and filters the index, and its relevance order (per database). */
export interface SearchMatch {
  from: RawBuilder<unknown>;
  where: RawBuilder<unknown>;
  relevance: RawBuilder<unknown>;
  /**
   * The same order in parts, for ranking in memory (src/search/match-cache.ts): names holding `nameHolds` first, then
   * `score` ascending, then listing position.
   */
  rank?: { nameHolds: string; score: RawBuilder<unknown> };
  /**
   * A query counting at least as many rows as match, from the index alone (no product row read): when it counts more
   * than a cached list keeps, the read of every match is skipped (src/search/match-cache.ts).
   */
  atMost?: RawBuilder<unknown>;
  /**
   * Where the relevance order is only "names holding the query first, then newest" (no score): the same matches as
   * conditions on `products p` alone, and the first tier's, so the top of the ranking walks the listing order and
   * stops (src/search/match-cache.ts) instead of sorting every match.
   */
  walk?: { where: RawBuilder<unknown>; first: RawBuilder<unknown>; rest: RawBuilder<unknown> };
  /**
   * The same matches read from the search index alone (`from`, `where`; no product row), each with its `id`, `tier`
   * (0 or 1) and `score`: the relevance order is tier, then score descending, then listing position, ranked in memory
   * against every listed product's sort keys (src/search/sort-keys.ts) on PostgreSQL.
   */
  keyed?: {
    from: RawBuilder<unknown>;
    where: RawBuilder<unknown>;
    id: RawBuilder<unknown>;
    tier: RawBuilder<unknown>;
    score: RawBuilder<unknown>;
  };
}

/** `k` holds the sort keys: `p` (products), or `c` (collection_products, which copies them) on a collection. */
function order(sort: SortKey, match: SearchMatch | undefined, k: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (sort) {
    case 'price-ascending':
      return sql`${k}.list_price, ${k}.listing_position`;
    case 'price-descending':
      return sql`${k}.list_price desc, ${k}.listing_position desc`;
    case 'title-ascending':
      return sql`${k}.name, ${k}.listing_position`;
    case 'relevance':
      return match ? sql`${match.relevance}, ${k}.listing_position` : sql`${k}.listing_position`;
    default:
      return sql`${k}.listing_position`;
  }
}

function conditions(
  request: BrowseRequest,
  match: SearchMatch | undefined,
  k: RawBuilder<unknown>,
  id: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`${k}.listing_position is not null`];
  if (match) parts.push(match.where);
  if (request.collection !== undefined) {
    parts.push(
      match
        ? sql`exists (select 1 from collection_products c where c.product_id = p.id and c.collection_handle = ${request.collection})`
        : sql`c.collection_handle = ${request.collection}`,
    );
  }
  // Listed in another order than price, the list walks that order's index and checks the price row by row: `+`
  // keeps SQLite (which has no statistics of prices) from taking a wide price range for a narrow one and sorting
  // everything in it first.
  const price =
    request.sort === 'price-ascending' || request.sort === 'price-descending'
      ? sql`${k}.list_price`
      : sql`+${k}.list_price`;
  if (request.filter.minPrice !== undefined) parts.push(sql`${price} >= ${request.filter.minPrice}`);
  if (request.filter.maxPrice !== undefined) parts.push(sql`${price} <= ${request.filter.maxPrice}`);
  if (request.filter.inStock)
    parts.push(
      sql`not exists (select 1 from stock_levels sl where sl.product_id = ${id} and sl.on_hand - sl.reserved <= 0)`,
    );
  return sql.join(parts, sql` and `);
}

async function listIds(
  db: Kysely<Database>,
  request: BrowseRequest,
  match: SearchMatch | undefined,
  pageSize: number,
): Promise<string[]> {
  // A collection's page walks its own (collection_handle, sort key) index; a search joins its match table.
  const inCollection = request.collection !== undefined && !match;
  // A collection's rows carry every key a page needs: no product row is read until the page's own.
  const from = match ? match.from : inCollection ? sql`collection_products c` : sql`products p`;
  const k = inCollection ? sql.raw('c') : sql.raw('p');
  const id = inCollection ? sql.raw('c.product_id') : sql.raw('p.id');
  const offset = (request.page - 1) * pageSize;
  const { rows } = await sql<{ id: string }>`select ${id} as id from ${from} where ${conditions(request, match, k, id)}
    order by ${order(request.sort, match, k)} limit ${pageSize + 1} offset ${offset}`.execute(db);
  return rows.map((row) => row.id);
}

/**
 * A collection's members as a match, in listing order (its default order): kept in memory as a search's matches are,
 * so its sorted and filtered pages are cut from them. On PostgreSQL its numbers are read and ranked against the
 * catalog version's sort keys, as a search's are.
 */
function collectionMatch(handle: string): SearchMatch {
  const members = sql`collection_products c join products p on p.id = c.product_id`;
  const where = sql`c.collection_handle = ${handle}`;
  return {
    from: members,
    where,
    relevance: sql`p.listing_position`,
    keyed: { from: members, where, id: sql`p.num_id`, tier: sql`0`, score: sql`0` },
  };
}

const refined = (request: BrowseRequest) =>
  request.filter.inStock || request.filter.minPrice !== undefined || request.filter.maxPrice !== undefined;

/** A page of a search cut from its matches in memory: the same rows the SQL above gives (src/search/match-list.ts). */
async function pageFromMatches(found: CachedMatches, request: BrowseRequest, pageSize: number): Promise<number[]> {
  return sliceMatches(
    found.rows,
    await found.order(request.sort),
    request.filter,
    (request.page - 1) * pageSize,
    pageSize + 1,
  );
}

export function createBrowseQueries(db: Kysely<Database>, matches?: MatchCache) {
  const postgres = isPostgres(db);
  const matcher = postgres ? postgresMatch : sqliteMatch;
  const done = (
    request: BrowseRequest,
    pageSize: number,
    found: { ids?: string[]; numbers?: number[] },
    approximate: boolean,
  ): BrowseResult => {
    const count = (found.ids ?? found.numbers)!.length;
    return {
      productIds: found.ids?.slice(0, pageSize) ?? [],
      productNumbers: found.numbers?.slice(0, pageSize),
      page: request.page,
      hasNext: count > pageSize,
      approximate,
    };
  };

  /** On PostgreSQL a first read ranks its matches against every listed product's keys, read once per catalog version. */
  const keys = postgres && matches?.sortKeys ? () => matches.sortKeys!(() => readSortKeys(db)) : undefined;

  /** Whether the cached matches answer this page: all of them, or the top of the ranking for an unfiltered page in it. */
  const answers = (found: CachedMatches, request: BrowseRequest, pageSize: number) =>
    found.complete ||
    (request.sort === 'relevance' && !refined(request) && request.page * pageSize < found.rows.numIds.length);

  /** A search's page from its cached matches (exact, else near), or undefined when they cannot answer it. */
  async function cachedSearch(
    request: BrowseRequest,
    terms: string[],
    pageSize: number,
  ): Promise<BrowseResult | undefined> {
    const key = terms.join(' ');
    const exact = await matches!.get(`exact:${key}`, () =>
      readMatches(db, matcher.exact(terms), postgres, matches!.maxMatches, keys),
    );
    if (!answers(exact, request, pageSize)) return undefined;
    if (anyMatch(exact.rows, request.filter))
      return done(request, pageSize, { numbers: await pageFromMatches(exact, request, pageSize) }, false);
    const match = matcher.near(terms);
    if (!match) return done(request, pageSize, { numbers: [] }, false);
    const near = await matches!.get(`near:${key}`, () => readMatches(db, match, postgres, matches!.maxMatches, keys));
    if (!answers(near, request, pageSize))
      return done(request, pageSize, { ids: await listIds(db, request, match, pageSize) }, true);
    return done(request, pageSize, { numbers: await pageFromMatches(near, request, pageSize) }, true);
  }

  /** A collection's page from its members kept in memory, or undefined when they cannot answer it. */
  async function cachedCollection(
    request: BrowseRequest,
    handle: string,
    pageSize: number,
  ): Promise<BrowseResult | undefined> {
    const members = await matches!.get(`collection:${handle}`, () =>
      readMatches(db, collectionMatch(handle), postgres, matches!.maxMatches, keys),
    );
    if (!answers(members, request, pageSize)) return undefined;
    return done(request, pageSize, { numbers: await pageFromMatches(members, request, pageSize) }, false);
  }

  return {
    /** One page of the list `request` asks for; a search that finds nothing as typed falls back to near matches. */
    async browse(request: BrowseRequest, pageSize = BROWSE_PAGE_SIZE): Promise<BrowseResult> {
      const terms = request.terms;
      if (terms !== undefined && terms.length === 0) return done(request, pageSize, { ids: [] }, false);
      if (terms && matches && request.collection === undefined) {
        const cached = await cachedSearch(request, terms, pageSize);
        if (cached) return cached;
      }
      if (!terms && matches && request.collection !== undefined) {
        const cached = await cachedCollection(request, request.collection, pageSize);
        if (cached) return cached;
      }
      const match = terms && matcher.exact(terms);
      const ids = await listIds(db, request, match, pageSize);
      if (ids.length > 0 || !terms) return done(request, pageSize, { ids }, false);
      // Nothing as typed: near matches (typos), unless an earlier page had exact ones.
      if (request.page > 1 && (await listIds(db, { ...request, page: 1 }, match, 0)).length > 0)
        return done(request, pageSize, { ids: [] }, false);
      const near = matcher.near(terms);
      return near
        ? done(request, pageSize, { ids: await listIds(db, request, near, pageSize) }, true)
        : done(request, pageSize, { ids: [] }, false);
    },
  };
}

export type BrowseQueries = ReturnType<typeof createBrowseQueries>;
