/**
 * The products of search and collection pages kept per catalog version (src/search/kept-list-products.ts): a page
 * reads only the products not kept since the version began, and what it shows is never older than the version. Unit
 * cases count the reads against a fake catalog; HTTP cases change the catalog from outside the shop (as an import
 * in another process does) and read pages that were never rendered before, so no page cache answers them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Product } from '../src/catalog/index.js';
import { importCatalog } from '../src/catalog/index.js';
import { createKeptListProducts } from '../src/search/kept-list-products.js';
import { noteStockChanges } from '../src/stock/shown-stock.js';
import { stockLevel } from '../src/stock/stock-levels.js';
import { startTestShop, type TestShop } from './support/app.js';
import { csvLine, PRICE_HEADER, priceRow, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { cardNames } from './support/page.js';
import { eventually } from './support/shop-process.js';

function fakeCatalog() {
  const names = new Map<number, string>([1, 2, 3, 4, 5].map((n) => [n, `product ${n}`]));
  const reads: number[][] = [];
  let gate: Promise<void> | undefined;
  const product = (n: number) => ({ id: `prod_${n}`, numId: n, name: names.get(n)! }) as Product;
  return {
    names,
    reads,
    /** The next read answers only once the returned function is called. */
    hold(): () => void {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return open;
    },
    async productsByNumIds(numbers: readonly number[]) {
      reads.push([...numbers]);
      const shown = new Map(numbers.map((n) => [n, product(n)])); // the data as it was when asked
      const wait = gate;
      gate = undefined;
      await wait;
      return shown;
    },
    async productsByIds(ids: readonly string[]) {
      return this.productsByNumIds(ids.map((id) => Number(id.slice('prod_'.length)))).then(
        (byNumber) => new Map([...byNumber.values()].map((found) => [found.id, found])),
      );
    },
  };
}

const namesOf = (products: Array<Product | undefined>) => products.map((product) => product?.name);

describe('list products kept per catalog version', () => {
  it('reads only the products not kept since the version began, by number or by id', async () => {
    const catalog = fakeCatalog();
    const kept = createKeptListProducts(catalog, () => 7);
    assert.deepEqual(namesOf(await kept.byNumbers([1, 2], 7)), ['product 1', 'product 2']);
    assert.deepEqual(namesOf(await kept.byNumbers([2, 3, 1], 7)), ['product 2', 'product 3', 'product 1']);
    assert.deepEqual(namesOf(await kept.byIds(['prod_3', 'prod_1'], 7)), ['product 3', 'product 1']);
    assert.deepEqual(catalog.reads, [[1, 2], [3]], 'the third list read nothing: kept by number and by id');
  });

  it('reads everything again once the version moves, and keeps nothing read while it moved', async () => {
    const catalog = fakeCatalog();
    let version = 1;
    const kept = createKeptListProducts(catalog, () => version);
    await kept.byNumbers([1, 2], 1);
    catalog.names.set(1, 'renamed 1');
    version = 2;
    assert.deepEqual(namesOf(await kept.byNumbers([1], 2)), ['renamed 1']);
    assert.deepEqual(catalog.reads, [[1, 2], [1]]);

    // A list read under version 2 whose products arrive after the version moved to 3: shown, not kept.
    const open = catalog.hold();
    const reading = kept.byNumbers([4], 2);
    version = 3;
    assert.deepEqual(namesOf(await kept.byNumbers([1], 3)), ['renamed 1'], 'version 3 starts over');
    catalog.names.set(4, 'renamed 4');
    open();
    assert.deepEqual(namesOf(await reading), ['product 4']);
    assert.deepEqual(namesOf(await kept.byNumbers([4], 3)), ['renamed 4'], 'what the old read found was not kept');
  });

  it('a list read under an older version than the one kept reads its products and keeps none', async () => {
    const catalog = fakeCatalog();
    let version = 5;
    const kept = createKeptListProducts(catalog, () => version);
    await kept.byNumbers([1], 5);
    version = 6;
    await kept.byNumbers([2], 6);
    catalog.reads.length = 0;
    await kept.byNumbers([2], 5);
    await kept.byNumbers([2], 6);
    assert.deepEqual(catalog.reads, [[2]], 'the old list read for itself; the new one found 2 kept');
  });

  it('gives what it kept even when another read empties the memory meanwhile', async () => {
    const catalog = fakeCatalog();
    const kept = createKeptListProducts(catalog, () => 1, 2);
    await kept.byNumbers([1], 1);
    const open = catalog.hold();
    const reading = kept.byNumbers([1, 2], 1); // 1 kept, 2 read (held)
    // Meanwhile another list fills the memory past its bound of 2: it starts over, without 1.
    assert.deepEqual(namesOf(await kept.byNumbers([3, 4, 5], 1)), ['product 3', 'product 4', 'product 5']);
    open();
    assert.deepEqual(namesOf(await reading), ['product 1', 'product 2']);
  });

  it('without a version every list reads its products', async () => {
    const catalog = fakeCatalog();
    const kept = createKeptListProducts(catalog, undefined);
    await kept.byNumbers([1], 0);
    await kept.byNumbers([1], 0);
    assert.deepEqual(catalog.reads, [[1], [1]]);
    assert.equal(kept.size, 0);
  });
});

const PRODUCT_HEADER = 'id,Name,Description,Active,Created (UTC),collection (metadata),stock (metadata)';
function catalogFiles(cupName: string, cupStock: string) {
  return writeCsvFiles({
    'products.csv': [
      PRODUCT_HEADER,
      csvLine(['prod_cup', cupName, 'A cup.', 'true', '2030-01-01 00:00:00', 'Kitchen', cupStock]),
      csvLine(['prod_pot', 'Clay teapot 急須', 'A pot.', 'true', '2030-01-02 00:00:00', 'Kitchen', '']),
    ].join('\n'),
    'prices.csv': [
      PRICE_HEADER.join(','),
      csvLine(priceRow('price_cup', 'prod_cup', '1500', 'jpy')),
      csvLine(priceRow('price_pot', 'prod_pot', '4000', 'jpy')),
    ].join('\n'),
  });
}

for (const target of databaseTargets()) {
  describe(`list pages show the catalog as it is now, on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    const get = (url: string) => shop.app.inject(url);
    const importFiles = async (files: Record<string, string>) =>
      importCatalog(database.db, { products: files['products.csv']!, prices: files['prices.csv']! });

    before(async () => {
      database = await target.open();
      await importFiles(catalogFiles('Celadon cup 青磁', '5'));
      shop = await startTestShop(database);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('a rename made by an import elsewhere is on every list page not rendered before', async () => {
      assert.deepEqual(cardNames((await get('/search?q=cup')).body), ['Celadon cup 青磁']);
      assert.deepEqual(cardNames((await get('/collections/kitchen')).body), ['Clay teapot 急須', 'Celadon cup 青磁']);
      await importFiles(catalogFiles('Celadon teacup 青磁', '5'));
      // Pages of this version are not kept after it: one the shop never rendered shows the new name.
      await eventually('the rename on a new search page', async () =>
        cardNames((await get('/search?q=celadon')).body).includes('Celadon teacup 青磁'),
      );
      assert.deepEqual(cardNames((await get('/search?q=cup&sort_by=price-ascending')).body), ['Celadon teacup 青磁']);
      assert.deepEqual(cardNames((await get('/collections/kitchen?sort_by=price-descending')).body), [
        'Clay teapot 急須',
        'Celadon teacup 青磁',
      ]);
    });

    it('a product selling out in another process is sold out on the next list page', async () => {
      const page = (await get('/collections/kitchen?sort_by=title-ascending')).body;
      assert.doesNotMatch(page, /Sold out/);
      // A sale elsewhere: its count reaches 0 and it says so (src/stock/shown-stock.ts moves the version).
      const before = await database.db
        .selectFrom('stock_levels')
        .select(['on_hand', 'reserved'])
        .where('product_id', '=', 'prod_cup')
        .executeTakeFirstOrThrow();
      await sql`update stock_levels set on_hand = 0 where product_id = 'prod_cup'`.execute(database.db);
      const moved = await noteStockChanges(
        database.db,
        [{ before: stockLevel(Number(before.on_hand), Number(before.reserved)), after: stockLevel(0, 0) }],
        3,
      );
      assert.equal(moved, true);
      await eventually('sold out on a new list page', async () =>
        /Sold out/.test((await get('/collections/kitchen?sort_by=price-ascending')).body),
      );
      assert.match((await get('/search?q=teacup')).body, /Sold out/);
    });
  });
}
