/**
 * Adds respect stock, over HTTP on SQLite and PostgreSQL: the form, the JSON API (add.js, update.js adding or raising
 * a line, change.js) refuse with 422 `sold_out`/`not_enough_stock` and a message naming the item and what is left,
 * counting what the cart already holds; nothing changes when refused; lowering a line is always allowed.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { importCatalog } from '../src/catalog/index.js';
import { startTestShop, type TestShop } from './support/app.js';
import { cartApi, cartRows } from './support/cart.js';
import { csvLine, PRICE_HEADER, priceRow, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { SAME_ORIGIN, sessionCookieOf } from './support/http.js';

const PRODUCTS = [
  ['id', 'Name', 'Created (UTC)', 'stock (metadata)'],
  ['prod_daruma', 'Daruma', '2024-01-03 00:00:00', '2'],
  ['prod_kokeshi', 'Kokeshi', '2024-01-02 00:00:00', '0'],
  ['prod_towel', 'Tenugui', '2024-01-01 00:00:00', ''],
];
const PRICES = [
  PRICE_HEADER,
  priceRow('price_daruma', 'prod_daruma', '1000', 'jpy'),
  priceRow('price_kokeshi', 'prod_kokeshi', '2000', 'jpy'),
  priceRow('price_towel', 'prod_towel', '1320', 'jpy'),
];

for (const target of databaseTargets()) {
  describe(`adds respect stock on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    const api = () => cartApi(shop);
    const form = (path: string, body: string, cookie?: string) =>
      shop.app.inject({
        method: 'POST',
        url: path,
        headers: { ...SAME_ORIGIN, ...(cookie ? { cookie } : {}) },
        payload: body,
      });
    const rows = () => cartRows(database.db);

    before(async () => {
      database = await target.open();
      const files = writeCsvFiles({
        'products.csv': PRODUCTS.map(csvLine).join('\n'),
        'prices.csv': PRICES.map(csvLine).join('\n'),
      });
      await importCatalog(database.db, { products: files['products.csv']!, prices: files['prices.csv']! });
      shop = await startTestShop(database);
    });
    beforeEach(async () => {
      await database.db.deleteFrom('cart_lines').execute();
      await database.db.deleteFrom('sessions').execute();
      await database.db
        .updateTable('stock_levels')
        .set({ on_hand: 2 })
        .where('product_id', '=', 'prod_daruma')
        .execute();
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('the add form refuses more than is left, counting the cart, with the friendly page and nothing changed', async () => {
      const tooMany = await form('/cart/prod_daruma', 'quantity=3');
      assert.equal(tooMany.statusCode, 422);
      assert.match(tooMany.body, /Only 2 of Daruma left/);
      assert.equal(sessionCookieOf(tooMany), undefined, 'no session for a refused first add');
      assert.deepEqual(await rows(), { sessions: [], lines: [] });

      const added = await form('/cart/prod_daruma', 'quantity=2');
      assert.equal(added.statusCode, 303);
      const cookie = sessionCookieOf(added)!;
      const before = await rows();
      const oneMore = await form('/cart/prod_daruma', 'quantity=1', cookie);
      assert.equal(oneMore.statusCode, 422);
      assert.match(oneMore.body, /Only 2 of Daruma left; you asked for 3\. Your cart has 2\./);
      const soldOut = await form('/cart/prod_kokeshi', '', cookie);
      assert.equal(soldOut.statusCode, 422);
      assert.match(soldOut.body, /Kokeshi is sold out/);
      assert.deepEqual(await rows(), before);
      assert.equal(
        (await form('/cart/prod_towel', 'quantity=99', cookie)).statusCode,
        303,
        'untracked products never run out',
      );
    });

    it('add.js refuses with 422 sold_out / not_enough_stock, also when one request names a product twice', async () => {
      const sold = await api().post('/cart/add.js', { items: [{ id: 'prod_towel' }, { id: 'price_kokeshi' }] });
      assert.equal(sold.status, 422);
      assert.deepEqual(sold.body, {
        status: 422,
        code: 'sold_out',
        message: 'Kokeshi is sold out',
        description: 'Kokeshi is sold out.',
      });
      assert.deepEqual(await rows(), { sessions: [], lines: [] });

      const twice = await api().post('/cart/add.js', {
        items: [
          { id: 'prod_daruma', quantity: 1 },
          { id: 'price_daruma', quantity: 2 },
        ],
      });
      assert.equal(twice.status, 422);
      assert.equal(twice.body.code, 'not_enough_stock');
      assert.equal(twice.body.message, 'Only 2 of Daruma left');
      assert.deepEqual(await rows(), { sessions: [], lines: [] });

      const fits = await api().post('/cart/add.js', { items: [{ id: 'prod_daruma', quantity: 2 }] });
      assert.equal(fits.status, 200);
      const before = await rows();
      const again = await api().post('/cart/add.js', { id: 'prod_daruma' }, fits.cookie);
      assert.equal(again.status, 422);
      assert.equal(again.body.code, 'not_enough_stock');
      assert.match(again.body.description, /Your cart has 2\./);
      assert.deepEqual(await rows(), before);
    });

    it('update.js refuses adding or raising a line past what is left; lowering is allowed even when stock fell', async () => {
      const adding = await api().post('/cart/update.js', { updates: { price_daruma: 3 } });
      assert.equal(adding.status, 422);
      assert.equal(adding.body.message, 'Only 2 of Daruma left');
      assert.deepEqual(await rows(), { sessions: [], lines: [] });

      const start = await api().post('/cart/update.js', { updates: { price_daruma: 2, price_towel: 5 } });
      assert.equal(start.status, 200);
      const before = await rows();
      const raising = await api().post(
        '/cart/update.js',
        { updates: { price_daruma: 3, price_towel: 6 } },
        start.cookie,
      );
      assert.equal(raising.status, 422);
      assert.equal(raising.body.code, 'not_enough_stock');
      const changing = await api().post('/cart/change.js', { id: 'price_daruma', quantity: 3 }, start.cookie);
      assert.equal(changing.status, 422);
      assert.equal(changing.body.code, 'not_enough_stock');
      const soldOut = await api().post('/cart/update.js', { updates: { price_kokeshi: 1 } }, start.cookie);
      assert.equal(soldOut.status, 422);
      assert.equal(soldOut.body.code, 'sold_out');
      assert.deepEqual(await rows(), before);

      // Stock fell to 1 (sold elsewhere): the shopper may still lower the line from 2, and change other lines.
      await database.db
        .updateTable('stock_levels')
        .set({ on_hand: 1 })
        .where('product_id', '=', 'prod_daruma')
        .execute();
      const lowering = await api().post(
        '/cart/update.js',
        { updates: { price_daruma: 1, price_towel: 7 } },
        start.cookie,
      );
      assert.equal(lowering.status, 200);
      assert.deepEqual(
        lowering.body.items
          .map((item: { stripe_price_id: string; quantity: number }) => [item.stripe_price_id, item.quantity])
          .sort(),
        [
          ['price_daruma', 1],
          ['price_towel', 7],
        ],
      );
    });
  });
}
