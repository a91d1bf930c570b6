/**
 * Cart views kept in memory (src/cart/kept-views.ts) are never older than the cart: two shops on one database, as two
 * processes are, each keeping the views it answered, and every change made through the other one (to the cart, to the
 * catalog, a price change shown on the cart page, the session ending) is seen by the next read through this one.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { CART_PRICES, cartApi, importCartCatalog } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

type Item = { stripe_price_id: string; quantity: number };
const lines = (body: { items: Item[] }) => body.items.map((item) => [item.stripe_price_id, item.quantity]);

for (const target of databaseTargets()) {
  describe(
    `cart views kept by one shop process see changes made through another, on ${target.name}`,
    {
      skip: target.skip,
    },
    () => {
      let database: TestDatabase;
      let a: TestShop;
      let b: TestShop;
      const onA = () => cartApi(a);
      const onB = () => cartApi(b);

      before(async () => {
        database = await target.open();
        await importCartCatalog(database.db);
        a = await startTestShop(database);
        b = await startTestShop(database);
      });
      after(async () => {
        await a?.app.close();
        await b?.app.close();
        await database?.close();
      });
      beforeEach(async () => {
        await database.db.deleteFrom('cart_lines').execute();
        await database.db.deleteFrom('sessions').execute();
        await importCartCatalog(database.db);
      });

      /** A cart of two teas made through A and read there twice (the second read answered from what A kept). */
      async function cartReadOnA() {
        const { cookie } = await onA().post('/cart/add.js', { id: 'prod_tea', quantity: 2 });
        assert.ok(cookie);
        const first = (await onA().get(cookie)).body;
        assert.deepEqual((await onA().get(cookie)).body, first);
        assert.deepEqual(lines(first), [['price_tea', 2]]);
        return { cookie, first };
      }

      it('adds, changes and a clear through B are in the next read through A', async () => {
        const { cookie, first } = await cartReadOnA();
        assert.equal((await onB().post('/cart/add.js', { id: 'prod_cup' }, cookie)).status, 200);
        const added = (await onA().get(cookie)).body;
        assert.deepEqual(lines(added), [
          ['price_tea', 2],
          ['price_cup', 1],
        ]);
        assert.equal(added.version, first.version + 1);
        assert.equal(added.item_count, 3);

        assert.equal((await onB().post('/cart/change.js', { id: 'price_tea', quantity: 5 }, cookie)).status, 200);
        assert.deepEqual(lines((await onA().get(cookie)).body), [
          ['price_tea', 5],
          ['price_cup', 1],
        ]);
        assert.equal((await onB().post('/cart/clear.js', {}, cookie)).status, 200);
        const cleared = (await onA().get(cookie)).body;
        assert.deepEqual(cleared.items, []);
        assert.equal(cleared.item_count, 0);
        assert.equal(cleared.total_price_minor, 0);
      });

      it('a changed catalog is in the next read: the new price, with the one the shopper saw', async () => {
        const { cookie, first } = await cartReadOnA();
        assert.equal(first.items[0].price_minor, 1200);
        await importCartCatalog(database.db, {
          prices: CART_PRICES.map((price) => (price.id === 'price_tea' ? { ...price, amount: '1500' } : price)),
        });
        const priced = (await onA().get(cookie)).body;
        assert.equal(priced.items[0].price_minor, 1500);
        assert.equal(priced.items[0].previous_price_minor, 1200);
        assert.equal(priced.total_price_minor, 3000);
        assert.equal(priced.version, first.version, 'the cart itself did not change');
      });

      it('a price change shown on the cart page through B is no longer announced by A, and If-Match stays good', async () => {
        const { cookie } = await cartReadOnA();
        await importCartCatalog(database.db, {
          prices: CART_PRICES.map((price) => (price.id === 'price_tea' ? { ...price, amount: '1500' } : price)),
        });
        const announced = (await onA().get(cookie)).body;
        assert.equal(announced.items[0].previous_price_minor, 1200);
        assert.equal((await onA().get(cookie)).body.items[0].previous_price_minor, 1200, 'reading JSON shows it again');

        const page = await b.app.inject({ url: '/cart', headers: { cookie } });
        assert.equal(page.statusCode, 200);
        const seen = (await onA().get(cookie)).body;
        assert.equal(seen.items[0].previous_price_minor, null);
        assert.equal(seen.items[0].price_minor, 1500);
        assert.equal(seen.version, announced.version, 'showing a price is not a change to the cart');
        const changed = await onA().post('/cart/change.js', { id: 'price_tea', quantity: 1 }, cookie, {
          'if-match': String(announced.version),
        });
        assert.equal(changed.status, 200);
      });

      it('a session that ended is an empty cart in the next read through A', async () => {
        const { cookie, first } = await cartReadOnA();
        await database.db.deleteFrom('cart_lines').execute();
        await database.db.deleteFrom('sessions').execute();
        const ended = await onA().get(cookie);
        assert.equal(ended.status, 200);
        assert.deepEqual(ended.body.items, []);
        assert.equal(ended.body.item_count, 0);
        assert.notEqual(ended.body.token, first.token, 'no session: a fresh token, as before a first add');
      });
    },
  );
}
