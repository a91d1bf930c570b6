/**
 * Words of one and two characters are answered by the bigram index (migration 0031), on both databases: they find
 * exactly the products `LIKE '%word%'` finds on the search table's own text, through the index rather than a read of
 * every product, and the index follows the catalog's changes (a renamed product is no longer found by its old name).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { demoFiles, importCatalog } from '../src/catalog/index.js';
import type { Database } from '../src/db/schema.js';
import { createBrowseQueries } from '../src/search/browse-queries.js';
import { postgresMatch } from '../src/search/match-postgres.js';
import { sqliteMatch } from '../src/search/match-sqlite.js';
import { foldText, queryTerms, searchGrams } from '../src/search/search-text.js';
import { csvLine, PRICE_HEADER, priceRow, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** Listed products whose indexed name or description holds `term`, read the slow way (every row). */
async function likeMatches(db: Kysely<Database>, term: string, postgres: boolean): Promise<number[]> {
  const key = postgres ? sql.ref('s.num_id') : sql.ref('s.rowid');
  const escape = postgres ? sql`` : sql` escape '\\'`;
  const { rows } = await sql<{ n: number | string }>`select p.num_id as n from product_search s
    join products p on p.num_id = ${key}
    where p.listing_position is not null and (s.name like ${likePattern(term)}${escape} or s.body like ${likePattern(term)}${escape})`.execute(
    db,
  );
  return rows.map((row) => Number(row.n)).sort((a, b) => a - b);
}

/** What a search lists for `term`, every match (in number order). */
async function searchMatches(db: Kysely<Database>, term: string): Promise<number[]> {
  const browse = createBrowseQueries(db);
  const { productIds } = await browse.browse(
    { terms: queryTerms(term), sort: 'relevance', filter: { inStock: false }, page: 1 },
    10_000,
  );
  if (productIds.length === 0) return [];
  const rows = await db.selectFrom('products').select('num_id').where('id', 'in', productIds).execute();
  return rows.map((row) => Number(row.num_id)).sort((a, b) => a - b);
}

for (const target of databaseTargets()) {
  const postgres = target.name === 'postgres';
  describe(`one- and two-character words on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await target.open();
      await importCatalog(database.db, demoFiles);
    });
    after(async () => database?.close());

    it('find exactly what LIKE finds, for every piece of every product and some in no product', async () => {
      const { rows } = await sql<{ name: string; body: string }>`select name, body from product_search`.execute(
        database.db,
      );
      const pieces = [...new Set(rows.flatMap((row) => searchGrams(row)))].sort();
      assert.ok(pieces.length > 300, `the demo catalog has many pieces (${pieces.length})`);
      // Every other piece (the whole set takes long on a busy machine), plus words no product holds.
      const terms = [...pieces.filter((_, i) => i % 2 === 0), 'zq', '鬱', 'ｚ'];
      let found = 0;
      for (const term of terms) {
        const expected = await likeMatches(database.db, queryTerms(term)[0]!, postgres);
        assert.deepEqual(await searchMatches(database.db, term), expected, term);
        if (expected.length > 0) found++;
      }
      assert.ok(found > 100, `most pieces find products (${found})`);
      // Two short words, and a short word beside a long one: every word must match.
      for (const [a, b] of [
        ['茶', 'ma'],
        ['ta', 'tea'],
        ['手', 'towel'],
      ] as const) {
        const both = await likeMatches(database.db, a, postgres);
        const second = new Set(await likeMatches(database.db, b, postgres));
        const expected = both.filter((n) => second.has(n));
        assert.ok(expected.length > 0, `${a} ${b} finds something`);
        assert.deepEqual(await searchMatches(database.db, `${a} ${b}`), expected, `${a} ${b}`);
      }
    });

    it('read the bigram index, not every product', async () => {
      for (const words of [['茶'], ['ma'], ['茶', 'tea']]) {
        const match = (postgres ? postgresMatch : sqliteMatch).exact(words);
        const query = sql`select p.num_id from ${match.from} where ${match.where}`;
        const plan = await database.db.transaction().execute(async (trx) => {
          // A demo-sized table is cheaper to read whole: ask PostgreSQL for the plan it takes at scale.
          if (postgres) await sql`set local enable_seqscan = off; set local enable_indexscan = off`.execute(trx);
          const explain = postgres ? sql`explain` : sql`explain query plan`;
          const { rows } = await sql<Record<string, string>>`${explain} ${query}`.execute(trx);
          return rows.map((row) => Object.values(row).join(' ')).join('\n');
        });
        if (postgres) assert.match(plan, /Index Scan on product_search_grams/, plan);
        else {
          assert.match(plan, /product_grams/, plan);
          // A LIKE on the trigram table reads every row (`INDEX 0:` with no MATCH).
          assert.doesNotMatch(plan, /product_search VIRTUAL TABLE INDEX 0:$/m, plan);
        }
      }
    });

    it('rank names holding the words first, then newest, as on both databases', async () => {
      const browse = createBrowseQueries(database.db);
      for (const words of ['ma', 'a', 'ea', 'ti', '茶']) {
        const { productIds } = await browse.browse(
          { terms: queryTerms(words), sort: 'relevance', filter: { inStock: false }, page: 1 },
          100,
        );
        const rows = await database.db
          .selectFrom('products')
          .select(['id', 'name', 'listing_position'])
          .where('id', 'in', productIds)
          .execute();
        const byId = new Map(rows.map((row) => [row.id, row]));
        const expected = [...productIds].sort((a, b) => {
          const [x, y] = [byId.get(a)!, byId.get(b)!];
          const tier = (row: typeof x) => (foldText(row.name).includes(words) ? 0 : 1);
          return tier(x) - tier(y) || Number(x.listing_position) - Number(y.listing_position);
        });
        assert.ok(productIds.length > 1, words);
        assert.deepEqual(productIds, expected, words);
      }
    });

    it('follow the catalog: a renamed product is found by its new name only', async () => {
      const files = (name: string) =>
        writeCsvFiles({
          'products.csv': [
            'id,Name,Description,Active,Created (UTC)',
            csvLine(['prod_short1', name, 'Soap.', 'true', '2030-01-01 00:00:00']),
          ].join('\n'),
          'prices.csv': [PRICE_HEADER.join(','), csvLine(priceRow('price_short1', 'prod_short1', '900', 'jpy'))].join(
            '\n',
          ),
        });
      const first = files('Yuzu soap 柚子');
      await importCatalog(database.db, { products: first['products.csv']!, prices: first['prices.csv']! });
      const number = Number(
        (await database.db.selectFrom('products').select('num_id').where('id', '=', 'prod_short1').executeTakeFirst())!
          .num_id,
      );
      assert.deepEqual(await searchMatches(database.db, '柚子'), [number]);
      const renamed = files('Hinoki soap 檜');
      await importCatalog(database.db, { products: renamed['products.csv']!, prices: renamed['prices.csv']! });
      assert.deepEqual(await searchMatches(database.db, '柚子'), [], 'the old name no longer finds it');
      assert.deepEqual(await searchMatches(database.db, '檜'), [number]);
    });
  });
}
