/**
 * What the storefront says about stock and tax, on SQLite and PostgreSQL: "Sold out" (button disabled), "Only N
 * left" below LOW_STOCK, "tax included"/"plus tax" from each price's tax behaviour, the cart's subtotal note, and
 * cached catalog pages that follow stock changes announced through noteStockChanges.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importCatalog } from '../src/catalog/index.js';
import { createStockLevels } from '../src/stock/stock-levels.js';
import { noteStockChanges } from '../src/stock/shown-stock.js';
import { startTestShop, type TestShop } from './support/app.js';
import { csvLine, PRICE_HEADER, priceRow, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { SAME_ORIGIN, sessionCookieOf } from './support/http.js';
import { parsePage } from './support/page.js';

const products = [
  ['id', 'Name', 'Created (UTC)', 'stock (metadata)'],
  ['prod_out', 'Daruma', '2024-01-05 00:00:00', '0'],
  ['prod_low', 'Kokeshi', '2024-01-04 00:00:00', '3'],
  ['prod_edge', 'Teapot', '2024-01-03 00:00:00', '7'],
  ['prod_free', 'Tenugui', '2024-01-02 00:00:00', ''],
  ['prod_excl', 'Mug', '2024-01-01 00:00:00', ''],
];
const price = (id: string, product: string, amount: string, tax: string) => [
  ...priceRow(id, product, amount, 'jpy').slice(0, 15),
  tax,
];
const prices = [
  PRICE_HEADER,
  price('price_out', 'prod_out', '1000', 'inclusive'),
  price('price_low', 'prod_low', '2000', 'inclusive'),
  price('price_edge', 'prod_edge', '3000', 'unspecified'),
  price('price_free', 'prod_free', '4000', 'inclusive'),
  price('price_excl', 'prod_excl', '5000', 'exclusive'),
];

/** The HTML of one product's card on the catalog page. */
function card(html: string, name: string): string {
  const found = html.split('<li class="product-card"').find((part) => part.includes(`>${name}</h2>`));
  assert.ok(found, `a card for ${name}`);
  return found.split('</li>')[0]!;
}

for (const target of databaseTargets()) {
  describe(`stock and tax on the storefront on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    before(async () => {
      database = await target.open();
      const files = writeCsvFiles({
        'products.csv': products.map(csvLine).join('\n'),
        'prices.csv': prices.map(csvLine).join('\n'),
      });
      await importCatalog(database.db, { products: files['products.csv']!, prices: files['prices.csv']! });
      shop = await startTestShop(database, { env: { LOW_STOCK: '8' } });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('catalog cards say sold out (button disabled), only N left below LOW_STOCK, and how tax is included', async () => {
      const html = (await shop.app.inject('/')).body;
      assert.match(card(html, 'Daruma'), /<p class="stock stock--sold-out">Sold out<\/p>/);
      assert.equal(parsePage(html).getByRole('button', { name: 'Sold out Daruma' }).hasAttribute('disabled'), true);
      assert.match(card(html, 'Kokeshi'), /<p class="stock stock--low">Only 3 left<\/p>/);
      assert.match(card(html, 'Teapot'), /Only 7 left/, 'LOW_STOCK=8: 7 is low');
      assert.doesNotMatch(card(html, 'Tenugui'), /class="stock/);
      assert.doesNotMatch(card(html, 'Kokeshi'), /disabled/);
      assert.match(card(html, 'Kokeshi'), /¥2,000<span class="price__tax"> tax included<\/span>/);
      assert.match(card(html, 'Mug'), /¥5,000<span class="price__tax"> plus tax<\/span>/);
      assert.match(card(html, 'Teapot'), /<p class="price">¥3,000<\/p>/, 'unspecified says nothing');
      assert.doesNotMatch(html, /Prices include tax/);
    });

    it('product pages say the same', async () => {
      const out = (await shop.app.inject((await shop.app.inject('/products/prod_out')).headers.location as string))
        .body;
      assert.match(out, /Sold out<\/p>/);
      assert.equal(
        parsePage(out)
          .getByRole('button', { name: /^Sold out/ })
          .hasAttribute('disabled'),
        true,
      );
      assert.doesNotMatch(out, /name="quantity"/);
      const low = (await shop.app.inject((await shop.app.inject('/products/prod_low')).headers.location as string))
        .body;
      assert.match(low, /<p class="price price--large">¥2,000<span class="price__tax"> tax included<\/span><\/p>/);
      assert.match(low, /Only 3 left/);
      assert.doesNotMatch(low, /disabled/);
    });

    it('the cart page says whether its subtotal includes tax', async () => {
      const add = (id: string, cookie?: string) =>
        shop.app.inject({
          method: 'POST',
          url: `/cart/${id}`,
          headers: { ...SAME_ORIGIN, ...(cookie ? { cookie } : {}) },
          payload: 'quantity=1',
        });
      const first = await add('prod_free');
      const cookie = sessionCookieOf(first)!;
      assert.match(
        (await shop.app.inject({ url: '/cart', headers: { cookie } })).body,
        /<p class="cart-summary__tax">Tax included.<\/p>/,
      );
      await add('prod_excl', cookie);
      assert.match(
        (await shop.app.inject({ url: '/cart', headers: { cookie } })).body,
        /<p class="cart-summary__tax">Tax on some items is added at checkout.<\/p>/,
      );
      const other = sessionCookieOf(await add('prod_excl'))!;
      assert.match(
        (await shop.app.inject({ url: '/cart', headers: { cookie: other } })).body,
        /<p class="cart-summary__tax">Tax is added at checkout.<\/p>/,
      );
      const unspecified = sessionCookieOf(await add('prod_edge'))!;
      assert.doesNotMatch(
        (await shop.app.inject({ url: '/cart', headers: { cookie: unspecified } })).body,
        /cart-summary__tax/,
      );
    });

    it('a sale that changes what a page says bumps the catalog version; one that does not, does not', async () => {
      const stock = createStockLevels(database.db);
      const version = async () =>
        Number((await database.db.selectFrom('catalog_state').select('version').executeTakeFirstOrThrow()).version);
      const sell = async (id: string, onHand: number) => {
        const before = (await stock.levels([id])).get(id)!;
        await database.db.updateTable('stock_levels').set({ on_hand: onHand }).where('product_id', '=', id).execute();
        return noteStockChanges(
          database.db,
          [{ before, after: (await stock.levels([id])).get(id)! }],
          shop.config.lowStock,
        );
      };
      await database.db
        .insertInto('stock_levels')
        .values({ product_id: 'prod_free', on_hand: 20, reserved: 0, imported: 20, updated_at: 0 })
        .execute();
      const start = await version();
      assert.equal(await sell('prod_free', 12), false, '20 -> 12 shows nothing new');
      assert.equal(await version(), start);
      assert.equal(await sell('prod_free', 8), false, '8 is not below LOW_STOCK=8');
      assert.equal(await sell('prod_free', 7), true, '7 is low: "Only 7 left"');
      assert.equal(await sell('prod_free', 6), true, '"Only 6 left" replaces "Only 7 left"');
      assert.equal(await sell('prod_free', 0), true, 'sold out');
      assert.equal(await version(), start + 3);
    });
  });
}
