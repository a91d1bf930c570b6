/**
 * Stock is never oversold: checkout holds an order's quantities of counted products while the shopper pays, on
 * SQLite, PostgreSQL and with carts in Redis. 20 shoppers checking out at once for the last 5 units: 5 get the
 * payment page, 15 are sent back with the item named; failing or cancelling gives the units back; paying takes them
 * off the shelf; a payment for an order whose hold was given back goes to review, never below zero.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOrderStore } from '../src/checkout/order-store.js';
import { createStockReservations } from '../src/stock/reservations.js';
import { startTestShop, type TestShop } from './support/app.js';
import { importCartCatalog } from './support/cart.js';
import { clearOrders, DEMO_DETAILS, shopper } from './support/checkout.js';
import type { TestDatabase } from './support/databases.js';
import { shopTargets, testRedisUrl } from './support/stores.js';

const targets = shopTargets();

for (const target of targets) {
  describe(`stock at checkout on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    const level = () =>
      database.db
        .selectFrom('stock_levels')
        .select(['on_hand', 'reserved'])
        .where('product_id', '=', 'prod_tea')
        .executeTakeFirstOrThrow();

    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      shop = await startTestShop(database, { env: target.redis ? { REDIS_URL: await testRedisUrl() } : {} });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });
    beforeEach(async () => {
      await clearOrders(database.db);
      await database.db.deleteFrom('stock_levels').execute();
      await database.db
        .insertInto('stock_levels')
        .values({ product_id: 'prod_tea', on_hand: 5, reserved: 0, imported: 5, updated_at: 0 })
        .execute();
    });

    /** A shopper with `quantity` teas in the cart, ready to check out. */
    async function withTea(quantity = 1) {
      const buyer = shopper(shop);
      assert.equal((await buyer.add('prod_tea', quantity)).statusCode, 303);
      await buyer.get('/cart');
      return buyer;
    }

    it('20 concurrent checkouts for the last 5 units: 5 are held, 15 are sent back naming the item', async () => {
      const buyers = await Promise.all(Array.from({ length: 20 }, () => withTea()));
      const version = () =>
        database.db
          .selectFrom('catalog_state')
          .select('version')
          .executeTakeFirstOrThrow()
          .then((row) => Number(row.version));
      const before = await version();
      const answers = await Promise.all(buyers.map((buyer) => buyer.checkout()));
      const places = answers.map((answer) => String(answer.headers.location));
      assert.equal(places.filter((place) => place.startsWith('/checkout/demo/')).length, 5, places.join(' '));
      assert.equal(places.filter((place) => place === '/cart?notice=out_of_stock').length, 15, places.join(' '));
      assert.deepEqual(await level(), { on_hand: 5, reserved: 5 });
      assert.ok((await version()) > before, 'the storefront now says "Sold out": cached catalog pages are refreshed');

      const refused = buyers[places.indexOf('/cart?notice=out_of_stock')]!;
      const page = await refused.get('/cart?notice=out_of_stock');
      assert.match(page.body, /Sencha tea is sold out/);
    });

    it('failing and cancelling give the units back; paying takes them off the shelf, once', async () => {
      const [failing, cancelling, paying] = [await withTea(2), await withTea(1), await withTea(2)];
      const payUrls = [];
      for (const buyer of [failing, cancelling, paying])
        payUrls.push(String((await buyer.checkout()).headers.location));
      assert.deepEqual(await level(), { on_hand: 5, reserved: 5 });
      const late = await shopper(shop).add('prod_tea', 1);
      assert.equal(late.statusCode, 422, 'nothing left: the add itself is refused');
      assert.match(late.body, /Sencha tea is sold out/);

      await failing.post(`${payUrls[0]}/fail`);
      assert.deepEqual(await level(), { on_hand: 5, reserved: 3 });
      await cancelling.post(`${payUrls[1]}/cancel`);
      assert.deepEqual(await level(), { on_hand: 5, reserved: 2 });
      const paid = await paying.pay(payUrls[2]!);
      assert.equal(paid.statusCode, 303);
      await paying.get(String(paid.headers.location)); // the success page settles again: nothing more is taken
      assert.deepEqual(await level(), { on_hand: 3, reserved: 0 });
    });

    it('a cart asking for more than is left is refused at checkout with what is left, and nothing is held', async () => {
      const first = await withTea(4);
      const second = await withTea(3);
      assert.match(String((await first.checkout()).headers.location), /^\/checkout\/demo\//);
      assert.equal((await second.checkout()).headers.location, '/cart?notice=out_of_stock');
      assert.match((await second.get('/cart?notice=out_of_stock')).body, /Only 1 of Sencha tea left/);
      assert.deepEqual(await level(), { on_hand: 5, reserved: 4 });
    });

    it('a payment for an order whose hold was given back goes to review and takes nothing', async () => {
      const late = await withTea(2);
      const payUrl = String((await late.checkout()).headers.location);
      const order = await database.db
        .selectFrom('orders')
        .select(['id', 'provider_session_id', 'total_amount'])
        .executeTakeFirstOrThrow();
      await late.post(`${payUrl}/cancel`); // the checkout ended: its hold is given back
      assert.deepEqual(await level(), { on_hand: 5, reserved: 0 });
      // The provider reports a payment anyway (an async payment that settled late).
      const stock = createStockReservations(database.db, { lowStock: 5 });
      const orders = createOrderStore(database.db, {
        takeStock: async (trx, id, now) => (await stock.consume(trx, id, now)) !== 'not_reserved',
      });
      // A payment right in every way but the stock: the address and the (free) shipping option the order offered.
      const address = {
        line1: DEMO_DETAILS.line1!,
        line2: null,
        city: DEMO_DETAILS.city!,
        state: DEMO_DETAILS.state!,
        postalCode: DEMO_DETAILS.postal_code!,
        country: 'JP',
      };
      const details = {
        email: DEMO_DETAILS.email!,
        name: DEMO_DETAILS.name!,
        phone: null,
        address,
        shippingOptionIndex: 0,
        shippingAmount: 0,
        taxAmount: 0,
        paymentIntentId: null,
      };
      const result = await orders.fulfil(
        {
          orderId: order.id,
          providerSessionId: order.provider_session_id!,
          amountPaid: order.total_amount,
          currency: 'jpy',
          details,
        },
        Date.now(),
      );
      assert.deepEqual(result, { fulfilled: true, status: 'review' });
      const stored = await database.db
        .selectFrom('orders')
        .select('review_reason')
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.review_reason, 'stock_gone', 'the owner sees why');
      assert.deepEqual(await level(), { on_hand: 5, reserved: 0 });
    });
  });
}
