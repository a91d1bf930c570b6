/**
 * Every listed product's sort keys held per catalog version (src/search/sort-keys.ts): on both databases they are
 * the products' own (listing position, listed price, stock, place by name) after the demo import, after a re-import
 * that reorders, reprices and deactivates products, and after stock changes; a search answered from them lists what
 * the SQL lists in every order and filter; on PostgreSQL a search's first read then reads no product row, and the
 * keys are read once per catalog version.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DEMO_DIR, demoFiles, importCatalog } from '../src/catalog/index.js';
import { bumpCatalogVersion } from '../src/catalog/catalog-version.js';
import { createBrowseQueries } from '../src/search/browse-queries.js';
import { queryTerms, SORTS, type BrowseFilter } from '../src/search/index.js';
import { createMatchCache } from '../src/search/match-cache.js';
import { readSortKeys } from '../src/search/sort-keys.js';
import { csvRowUnder, productIdsOf, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { sentStatements } from './support/pg-statements.js';

const FILTERS: BrowseFilter[] = [{ inStock: false }, { inStock: true }, { inStock: false, minPrice: 1500 }];
const QUERIES = ['tea', '茶', 'matcha bowl', 'mathca'];

for (const target of databaseTargets()) {
  describe(`sort keys per catalog version on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await target.open();
      await importCatalog(database.db, demoFiles);
    });
    after(async () => database?.close());

    /** The keys read equal every product's columns; unlisted products have none. */
    async function assertKeysAreTheProducts(someUnlisted: boolean): Promise<void> {
      const keys = await readSortKeys(database.db);
      const { rows } = await sql<{
        num_id: number | string;
        listing_position: number | string | null;
        list_price: number | string | null;
        sold_out: number | string | boolean;
      }>`select p.num_id, p.listing_position, p.list_price, case when exists (select 1 from stock_levels sl
        where sl.product_id = p.id and sl.on_hand - sl.reserved <= 0) then 1 else 0 end as sold_out
        from products p`.execute(database.db);
      assert.ok(
        rows.some((row) => Number(row.sold_out) === 1),
        'a sold-out product',
      );
      assert.equal(
        rows.some((row) => row.listing_position === null),
        someUnlisted,
      );
      for (const product of rows) {
        const row = keys.row(Number(product.num_id));
        if (product.listing_position === null) {
          assert.equal(row, undefined, `unlisted ${product.num_id}`);
          continue;
        }
        assert.notEqual(row, undefined);
        assert.deepEqual(
          [keys.positions[row!], keys.prices[row!], keys.inStock[row!]],
          [
            Number(product.listing_position),
            product.list_price === null ? Number.NaN : Number(product.list_price),
            Number(product.sold_out) === 1 ? 0 : 1,
          ],
          `product ${product.num_id}`,
        );
      }
      const byName = await database.db
        .selectFrom('products')
        .select('num_id')
        .where('listing_position', 'is not', null)
        .orderBy('name')
        .orderBy('listing_position')
        .execute();
      const ranks = await keys.nameRanks();
      const named = byName
        .map((product) => Number(product.num_id))
        .sort((a, b) => ranks[keys.row(a)!]! - ranks[keys.row(b)!]!);
      assert.deepEqual(
        named,
        byName.map((product) => Number(product.num_id)),
      );
    }

    /** Every page of every query, order and filter from the cached matches equals the SQL's. */
    async function assertSearchesAreTheSql(cached: ReturnType<typeof createBrowseQueries>): Promise<void> {
      const plain = createBrowseQueries(database.db);
      for (const q of QUERIES)
        for (const sort of SORTS)
          for (const filter of FILTERS)
            for (let page = 1; page <= 10; page++) {
              const request = { terms: queryTerms(q), sort, filter, page };
              const [expected, actual] = [await plain.browse(request, 3), await cached.browse(request, 3)];
              const ids = actual.productNumbers
                ? await productIdsOf(database.db, actual.productNumbers)
                : actual.productIds;
              assert.deepEqual(
                [ids, actual.hasNext],
                [expected.productIds, expected.hasNext],
                `${q} ${sort} ${JSON.stringify(filter)} p${page}`,
              );
              if (!expected.hasNext) break;
            }
    }

    it('holds every listed product keys, and searches rank from them as the SQL does, after re-imports and stock changes', async () => {
      let version = 1;
      const cached = createBrowseQueries(
        database.db,
        createMatchCache(() => version),
      );
      // A sold-out product among the matches of `tea`.
      await database.db
        .deleteFrom('stock_levels')
        .where('product_id', 'in', ['prod_iKl0Z1CsopQqNi', 'prod_newtea'])
        .execute();
      await database.db
        .insertInto('stock_levels')
        .values({ product_id: 'prod_iKl0Z1CsopQqNi', on_hand: 0, reserved: 0, imported: 0, updated_at: 0 })
        .execute();
      await bumpCatalogVersion(database.db);
      await assertKeysAreTheProducts(false);
      await assertSearchesAreTheSql(cached);

      // A re-import: a new tea (newest: every listing position moves), the sencha cheaper, the whisk inactive.
      const products = readFileSync(path.join(DEMO_DIR, 'products.csv'), 'utf8').trimEnd().split('\n');
      const header = products[0]!.split(',');
      const whisk = products.findIndex((line) => line.startsWith('prod_27puzxG3Yq2k6e,'));
      products[whisk] = products[whisk]!.replace(',true,2025-08-08 04:11:35,', ',false,2025-08-08 04:11:35,');
      assert.ok(products[whisk]!.includes(',false,'));
      const newTea = csvRowUnder(header, {
        id: 'prod_newtea',
        Name: 'Kabuse tea かぶせ茶',
        Active: 'true',
        'Created (UTC)': '2030-01-02 00:00:00',
      });
      const prices = readFileSync(path.join(DEMO_DIR, 'prices.csv'), 'utf8').trimEnd();
      const files = writeCsvFiles({
        'products.csv': `${products.join('\n')}\n${newTea}\n`,
        'prices.csv': `${prices}\nprice_sencha2,prod_iKl0Z1CsopQqNi,Sencha,,txcd_99999999,,2030-01-01 00:00:00,100,jpy,,,,,per_unit,,inclusive\nprice_newtea,prod_newtea,Kabuse tea かぶせ茶,,txcd_99999999,,2030-01-02 00:00:00,1900,jpy,,,,,per_unit,,inclusive\n`,
      });
      await importCatalog(database.db, { products: files['products.csv']!, prices: files['prices.csv']! });
      version = 2;
      await assertKeysAreTheProducts(true);
      const newest = await cached.browse(
        { terms: ['tea'], sort: 'created-descending', filter: { inStock: false }, page: 1 },
        3,
      );
      assert.deepEqual(
        newest.productNumbers && (await productIdsOf(database.db, newest.productNumbers))[0],
        'prod_newtea',
      );
      await assertSearchesAreTheSql(cached);

      // Stock: the sencha back in stock, the new tea sold out.
      await database.db
        .updateTable('stock_levels')
        .set({ on_hand: 3 })
        .where('product_id', '=', 'prod_iKl0Z1CsopQqNi')
        .execute();
      await database.db
        .insertInto('stock_levels')
        .values({ product_id: 'prod_newtea', on_hand: 1, reserved: 1, imported: 1, updated_at: 0 })
        .execute();
      await bumpCatalogVersion(database.db);
      version = 3;
      await assertKeysAreTheProducts(true);
      await assertSearchesAreTheSql(cached);
    });

    it("reads a search's matches from the search index alone on PostgreSQL, and the keys once per catalog version", async (t) => {
      if (target.name !== 'postgres') return t.skip('the keys serve PostgreSQL first reads');
      let version = 10;
      const cached = createBrowseQueries(
        database.db,
        createMatchCache(() => version),
      );
      const ask = (q: string) =>
        Promise.all(
          SORTS.map((sort) => cached.browse({ terms: queryTerms(q), sort, filter: { inStock: true }, page: 1 }, 3)),
        );
      const { texts } = await sentStatements(async () => {
        await ask('tea');
        await ask('teapto');
        await ask('急須');
      });
      const keys = texts.filter((text) => text.includes('string_agg'));
      assert.equal(keys.length, 1, texts.join('\n'));
      const matches = texts.filter((text) => !/string_agg|order by name/.test(text));
      // Exact reads of `tea`, `teapto` (none) and `急須` (after the bigram index's capped count), the near read of
      // `teapto`: none reads a product row.
      assert.equal(matches.length, 5, texts.join('\n'));
      for (const text of matches) assert.doesNotMatch(text, /\bproducts\b|stock_levels/, text);
      version = 11;
      const again = await sentStatements(() => ask('tea'));
      assert.equal(again.texts.filter((text) => text.includes('string_agg')).length, 1);
    });

    it("reads every listed product's name order as one row on PostgreSQL (its driver parses rows slowly)", async (t) => {
      if (target.name !== 'postgres') return t.skip('SQLite reads its rows in process');
      const keys = await readSortKeys(database.db);
      const { texts } = await sentStatements(() => keys.nameRanks(), { only: /order by name/ });
      assert.equal(texts.length, 1, texts.join('\n'));
      const { rows } = await sql.raw(texts[0]!).execute(database.db);
      assert.equal(rows.length, 1);
    });
  });
}
