/**
 * Searches answered from their matches kept in memory (src/search/match-cache.ts) list exactly what the SQL lists:
 * on both databases, for English and Japanese words, one- and two-character words, two words and typos, in every
 * order and filter, page by page. A new catalog version reads the matches again; a query with more matches than a
 * list keeps is answered by SQL; past the row budget the oldest queries are dropped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { demoFiles, importCatalog } from '../src/catalog/index.js';
import { createBrowseQueries } from '../src/search/browse-queries.js';
import { queryTerms, SORTS, type BrowseFilter, type SortKey } from '../src/search/index.js';
import { compareCodePoints, createMatchCache, type MatchEntry } from '../src/search/match-cache.js';
import { productIdsOf } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { sentStatements } from './support/pg-statements.js';

const FILTERS: BrowseFilter[] = [
  { inStock: false },
  { inStock: true },
  { inStock: false, minPrice: 1500, maxPrice: 4500 },
  { inStock: false, minPrice: 999999 },
];
const QUERIES = ['tea', 'matcha bowl', '茶', '箸', 'ma', 'a', 'washi ノート', 'mathca', 'teapto', 'zzzz'];

type Page = { ids: string[]; hasNext: boolean; approximate: boolean };

for (const target of databaseTargets()) {
  describe(`searches from cached matches on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await target.open();
      await importCatalog(database.db, demoFiles);
    });
    after(async () => database?.close());

    async function pages(
      browse: ReturnType<typeof createBrowseQueries>,
      q: string,
      sort: SortKey,
      filter: BrowseFilter,
    ): Promise<Page[]> {
      const found: Page[] = [];
      for (let page = 1; page <= 10; page++) {
        const result = await browse.browse({ terms: queryTerms(q), sort, filter, page }, 3);
        const byNumber = result.productNumbers
          ? await productIdsOf(database.db, result.productNumbers)
          : result.productIds;
        found.push({ ids: byNumber, hasNext: result.hasNext, approximate: result.approximate });
        if (!result.hasNext) break;
      }
      return found;
    }

    for (const maxMatches of [undefined, 4]) {
      it(`lists every page of every query, order and filter as the SQL does${maxMatches ? ` (keeping the top ${maxMatches} of a ranking)` : ''}`, async () => {
        const sql = createBrowseQueries(database.db);
        const cached = createBrowseQueries(
          database.db,
          createMatchCache(() => 1, { maxMatches }),
        );
        let served = 0;
        for (const q of QUERIES) {
          for (const sort of SORTS) {
            for (const filter of FILTERS) {
              const expected = await pages(sql, q, sort, filter);
              const actual = await pages(cached, q, sort, filter);
              assert.deepEqual(actual, expected, `${q} by ${sort} with ${JSON.stringify(filter)}`);
              if (expected[0]!.ids.length > 0) served++;
            }
          }
        }
        assert.ok(served > 80, `most lists have products (${served})`);
        // Deeper than the list: an empty page, as the SQL gives.
        const deep = await cached.browse(
          { terms: ['tea'], sort: 'relevance', filter: { inStock: false }, page: 40 },
          3,
        );
        assert.deepEqual([deep.productIds.length + (deep.productNumbers?.length ?? 0), deep.hasNext], [0, false]);
      });
    }

    it('lists every page of every collection, order and filter from its members as the SQL does', async () => {
      const handles = (
        await sql<{ handle: string }>`select distinct collection_handle as handle from collection_products`.execute(
          database.db,
        )
      ).rows.map((row) => row.handle);
      assert.ok(handles.length >= 3, handles.join());
      for (const maxMatches of [undefined, 4]) {
        const bySql = createBrowseQueries(database.db);
        const cache = createMatchCache(() => 1, { maxMatches });
        let reads = 0;
        const counting = {
          ...cache,
          get: (key: string, read: () => Promise<MatchEntry>) => cache.get(key, () => (reads++, read())),
        };
        const cached = createBrowseQueries(database.db, counting);
        const list = async (browse: typeof bySql, collection: string, sort: SortKey, filter: BrowseFilter) => {
          const found: Page[] = [];
          for (let page = 1; page <= 10; page++) {
            const result = await browse.browse({ collection, sort, filter, page }, 3);
            const ids = result.productNumbers
              ? await productIdsOf(database.db, result.productNumbers)
              : result.productIds;
            found.push({ ids, hasNext: result.hasNext, approximate: result.approximate });
            if (!result.hasNext) break;
          }
          return found;
        };
        for (const collection of [...handles, 'no-such-collection'])
          for (const sort of SORTS.filter((sort) => sort !== 'relevance'))
            for (const filter of FILTERS)
              assert.deepEqual(
                await list(cached, collection, sort, filter),
                await list(bySql, collection, sort, filter),
                `${collection} by ${sort} with ${JSON.stringify(filter)} (keeping ${maxMatches ?? 'all'})`,
              );
        assert.equal(reads, handles.length + 1, 'each collection read once');
      }
    });

    it('reads the matches once per query and catalog version', async () => {
      let version = 1;
      const cache = createMatchCache(() => version);
      let reads = 0;
      const counting = {
        maxMatches: cache.maxMatches,
        get: (key: string, read: () => Promise<MatchEntry>) => cache.get(key, () => (reads++, read())),
      };
      const browse = createBrowseQueries(database.db, counting);
      for (const sort of SORTS)
        for (const page of [1, 2]) await browse.browse({ terms: ['tea'], sort, filter: { inStock: true }, page }, 3);
      assert.equal(reads, 1);
      version = 2;
      await browse.browse({ terms: ['tea'], sort: 'relevance', filter: { inStock: false }, page: 1 }, 3);
      assert.equal(reads, 2, 'a new catalog version reads again');
    });

    it("orders a search's matches by name only when a shopper sorts by name, once", async () => {
      // Every query's text (raw SQL nests its pieces as nodes), recorded as Kysely hands it on.
      const texts: string[] = [];
      const recording = database.db.withPlugin({
        transformQuery: ({ node }) => (texts.push(JSON.stringify(node)), node),
        transformResult: async ({ result }) => result,
      });
      const byName = () => texts.filter((text) => /order by (p\.)?name|row_number/.test(text)).length;
      const cached = createBrowseQueries(
        recording,
        createMatchCache(() => 1),
      );
      const ask = (sort: SortKey, page: number) =>
        cached.browse({ terms: ['tea'], sort, filter: { inStock: false }, page }, 3);
      for (const sort of SORTS.filter((key) => key !== 'title-ascending')) await ask(sort, 1);
      assert.ok(texts.length > 0);
      assert.equal(byName(), 0, 'no name order read for relevance, newest or price pages');
      const first = await ask('title-ascending', 1);
      await ask('title-ascending', 2);
      assert.ok(first.hasNext);
      assert.ok(byName() <= 1, 'the name order is read at most once per query');
    });

    it('reads near matches (typos) in one statement each, through the trigram indexes on PostgreSQL', async () => {
      const typo = { terms: queryTerms('teapto'), filter: { inStock: false }, page: 1 } as const;
      const { texts } = await sentStatements(async () => {
        for (const browse of [
          createBrowseQueries(database.db),
          createBrowseQueries(
            database.db,
            createMatchCache(() => 1),
          ),
        ])
          for (const sort of SORTS) assert.ok((await browse.browse({ ...typo, sort }, 3)).approximate, sort);
      });
      if (target.name !== 'postgres') return;
      const near = texts.filter((text) => text.includes('product_search_near'));
      // Without the cache: an exact and a near read per order; with it, one of each for every order.
      assert.equal(near.length, SORTS.length + 1, texts.join('\n'));
      // Beside them, the catalog version's sort keys (src/search/sort-keys.ts): once, and the name order once.
      const reads = texts.filter((text) => !/string_agg|order by name/.test(text));
      assert.equal(texts.length - reads.length, 2, texts.join('\n'));
      assert.equal(reads.length, 2 * (SORTS.length + 1), 'no transaction or setting around a read');
      // The function plans its read with sequential scans off, so the trigram indexes answer `<%`.
      const { rows } = await sql<{ config: string[] }>`select proconfig as config from pg_proc
        where proname = 'product_search_near'`.execute(database.db);
      assert.deepEqual(rows[0]?.config, ['enable_seqscan=off']);
      const plan = await database.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const explained = await sql<{ 'QUERY PLAN': string }>`explain select s.num_id from product_search s
          where 'teapto' <% s.name or 'teapto' <% s.body`.execute(trx);
        return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      assert.match(plan, /Bitmap Index Scan on product_search_name_trgm/, plan);
    });

    it('drops the oldest queries past its row budget', async () => {
      const cache = createMatchCache(() => 1, { maxRows: 3 });
      let reads = 0;
      const counting = {
        maxMatches: cache.maxMatches,
        get: (key: string, read: () => Promise<MatchEntry>) => cache.get(key, () => (reads++, read())),
      };
      const browse = createBrowseQueries(database.db, counting);
      const ask = (q: string) =>
        browse.browse({ terms: queryTerms(q), sort: 'relevance', filter: { inStock: false }, page: 1 }, 3);
      assert.ok((await ask('tea')).hasNext, 'tea alone is over the budget of 3 rows, and kept while newest');
      await ask('matcha');
      await ask('matcha');
      assert.equal(reads, 2, 'the newest is kept');
      await ask('tea');
      assert.equal(reads, 3, 'the oldest was dropped');
    });
  });
}

describe('names in code point order (SQLite BINARY)', () => {
  it('orders as UTF-8 bytes do, past U+FFFF too', () => {
    const names = ['b', 'a', 'ab', '', '茶', '～', '\u{1F375} tea', 'Z', 'é', '\uE000', '𠮷野家', 'ａ'];
    const bytes = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual([...names].sort(compareCodePoints), bytes);
  });
});
