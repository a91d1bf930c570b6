/**
 * A collection's sorted pages read the sort keys copied onto `collection_products` (migration 0017): on both
 * databases, every collection page, in every order and filter, must list exactly what the catalog-wide order
 * restricted to the collection lists, after the demo import and after a re-import that changes a price, a name and
 * adds a product (which moves every listing position).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_DIR, demoFiles, importCatalog } from '../src/catalog/index.js';
import { createBrowseQueries } from '../src/search/browse-queries.js';
import { SORTS, type BrowseFilter, type SortKey } from '../src/search/index.js';
import { csvRowUnder, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

const FILTERS: BrowseFilter[] = [
  { inStock: false },
  { inStock: true },
  { inStock: false, minPrice: 1500, maxPrice: 4500 },
];

for (const target of databaseTargets()) {
  describe(`collection pages in order on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await target.open();
      await importCatalog(database.db, demoFiles);
    });
    after(async () => database?.close());

    /** Every page of a list, joined. */
    async function all(collection: string | undefined, sort: SortKey, filter: BrowseFilter): Promise<string[]> {
      const browse = createBrowseQueries(database.db);
      const ids: string[] = [];
      for (let page = 1; ; page++) {
        const result = await browse.browse({ collection, sort, filter, page }, 4);
        ids.push(...result.productIds);
        if (!result.hasNext) return ids;
      }
    }

    /** Each collection's list equals the whole catalog's list in the same order, kept to the collection's members. */
    async function assertCollectionsFollowCatalog(): Promise<void> {
      const members = await database.db
        .selectFrom('collection_products')
        .select(['collection_handle', 'product_id'])
        .execute();
      const handles = [...new Set(members.map((m) => m.collection_handle))];
      assert.ok(handles.length >= 5);
      for (const sort of SORTS.filter((s) => s !== 'relevance')) {
        for (const filter of FILTERS) {
          const everything = await all(undefined, sort, filter);
          for (const handle of handles) {
            const inside = new Set(members.filter((m) => m.collection_handle === handle).map((m) => m.product_id));
            assert.deepEqual(
              await all(handle, sort, filter),
              everything.filter((id) => inside.has(id)),
              `${handle} by ${sort} with ${JSON.stringify(filter)}`,
            );
          }
        }
      }
    }

    it('after the demo import', assertCollectionsFollowCatalog);

    it('after a re-import that changes a price and a name and adds a product', async () => {
      const products = readFileSync(path.join(DEMO_DIR, 'products.csv'), 'utf8').replace(
        'Sencha green tea 煎茶,',
        'Aaa sencha 煎茶,',
      );
      const header = products.split('\n')[0]!.split(',');
      const newTea = csvRowUnder(header, {
        id: 'prod_newtea',
        Name: 'Kabuse tea かぶせ茶',
        Active: 'true',
        'Created (UTC)': '2030-01-02 00:00:00',
        'collection (metadata)': 'Tea',
      });
      const prices = readFileSync(path.join(DEMO_DIR, 'prices.csv'), 'utf8').trimEnd();
      const files = writeCsvFiles({
        'products.csv': `${products.trimEnd()}\n${newTea}\n`,
        'prices.csv': `${prices}\nprice_whisk2,prod_27puzxG3Yq2k6e,Matcha whisk 茶筅,,txcd_99999999,,2030-01-01 00:00:00,100,jpy,,,,,per_unit,,inclusive\nprice_newtea,prod_newtea,Kabuse tea かぶせ茶,,txcd_99999999,,2030-01-02 00:00:00,1900,jpy,,,,,per_unit,,inclusive\n`,
      });
      await importCatalog(database.db, { products: files['products.csv']!, prices: files['prices.csv']! });
      const first = async (sort: SortKey) =>
        (
          await createBrowseQueries(database.db).browse(
            { collection: 'tea', sort, filter: { inStock: false }, page: 1 },
            1,
          )
        ).productIds[0];
      assert.equal(await first('created-descending'), 'prod_newtea', 'the new product is newest');
      assert.equal(await first('price-ascending'), 'prod_27puzxG3Yq2k6e', 'the whisk now costs ¥100');
      assert.equal(await first('title-ascending'), 'prod_iKl0Z1CsopQqNi', 'the renamed sencha sorts first by name');
      await assertCollectionsFollowCatalog();
    });
  });
}
