/**
 * Checkout with the demo provider on SQLite and PostgreSQL: the whole flow (cart -> pending order -> demo page ->
 * paid order, cart emptied), fail and cancel (cart intact), one pending order per unchanged cart, refusals that
 * change nothing, a cart changed while paying, and orders only for the session that placed them.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { catalogNumbers, CART_PRICES, importCartCatalog } from './support/cart.js';
import { checkoutRows, resetCheckoutData, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { headerCount, SAME_ORIGIN, sessionCookieOf } from './support/http.js';
import { parsePage } from './support/page.js';
import { bumpCatalogVersion } from '../src/catalog/catalog-version.js';

for (const target of databaseTargets()) {
  describe(`checkout with the demo provider on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    const rows = () => checkoutRows(database.db);
    /** The cart page's quantity field of 2 teas: its name is the line's key, `<variant id>:<hash>`. */
    const twoTeas = async () =>
      new RegExp(`name="updates\\[${(await catalogNumbers(database.db)).price_tea}:[0-9a-f]{16}\\]" value="2"`);

    before(async () => {
      database = await target.open();
      shop = await startTestShop(database);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });
    beforeEach(async () => {
      await resetCheckoutData(database.db);
    });

    it('pay: pending order, demo page, paid order with its lines, cart emptied once, order page', async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea', 2);
      await alice.add('prod_cup', 1);
      const started = await alice.checkout();
      assert.equal(started.statusCode, 303);
      const payUrl = started.headers.location as string;
      assert.match(payUrl, /^\/checkout\/demo\/demo_cs_[0-9A-Z]{12}$/);
      const pending = (await rows()).orders;
      assert.deepEqual(
        pending.map((order) => [order.status, order.total_amount]),
        [['pending', 5400]],
      );

      const page = await alice.get(payUrl);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Demo — no real payment/);
      assert.match(page.body, /Sencha tea/);
      assert.match(page.body, /<td data-order-total="true">¥5,400<\/td>/);
      assert.match(page.body, /Pay ¥5,400 \+ shipping \(demo\)/);

      const versionBefore = (await rows()).sessions[0]!.cart_version;
      const paid = await alice.pay(payUrl);
      assert.equal(paid.statusCode, 303);
      const successUrl = paid.headers.location as string;
      assert.equal(successUrl, `http://localhost:80/checkout/success?session_id=${payUrl.split('/').at(-1)}`);
      const success = await alice.get(successUrl.replace('http://localhost:80', ''));
      assert.equal(success.statusCode, 200);
      assert.match(success.body, /Thank you for your order/);
      const orderId = pending[0]!.id;
      assert.match(
        success.body,
        new RegExp(
          `<strong data-order-number="true">${orderId.slice(0, 4)}-${orderId.slice(4, 8)}-${orderId.slice(8)}</strong>`,
        ),
      );
      assert.equal(headerCount(success.body), 0);
      const reloaded = await alice.get(successUrl.replace('http://localhost:80', ''));
      assert.equal(reloaded.statusCode, 200, 'the success page is reload-safe');

      const state = await rows();
      assert.deepEqual(
        state.orders.map((order) => [order.status, order.amount_paid, order.pending_key]),
        [['paid', 5400, null]],
      );
      assert.equal(state.fulfilments.length, 1);
      assert.deepEqual(state.lines, []);
      assert.equal(state.sessions[0]!.cart_version, versionBefore + 1, 'one cart change: the clear');
      const lines = await database.db
        .selectFrom('order_lines')
        .select(['price_id', 'name', 'unit_amount', 'quantity', 'line_total'])
        .orderBy('position')
        .execute();
      assert.deepEqual(lines, [
        { price_id: 'price_tea', name: 'Sencha tea', unit_amount: 1200, quantity: 2, line_total: 2400 },
        { price_id: 'price_cup', name: 'Tea cup', unit_amount: 3000, quantity: 1, line_total: 3000 },
      ]);

      const orderPage = await alice.get(`/orders/${orderId}`);
      assert.equal(orderPage.statusCode, 200);
      assert.match(orderPage.body, /data-order-status="paid"/);
      const bob = shopper(shop);
      await bob.add('prod_tea');
      assert.equal((await bob.get(`/orders/${orderId}`)).statusCode, 404, 'another session');
      assert.equal((await shop.app.inject({ url: `/orders/${orderId}` })).statusCode, 404, 'no session');
      const bobSuccess = await bob.get(successUrl.replace('http://localhost:80', ''));
      assert.doesNotMatch(bobSuccess.body, /Sencha tea/, 'the success page shows no details to another session');
    });

    it('fail: the order fails, the cart stays, the cart page says why; checking out again makes a new order', async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea', 2);
      const payUrl = (await alice.checkout()).headers.location as string;
      const failed = await alice.post(`${payUrl}/fail`);
      assert.deepEqual([failed.statusCode, failed.headers.location], [303, '/cart?notice=payment_failed']);
      const cart = await alice.get('/cart?notice=payment_failed');
      assert.match(cart.body, /Payment failed/);
      assert.match(cart.body, await twoTeas());
      assert.deepEqual(
        (await rows()).orders.map((order) => order.status),
        ['failed'],
      );
      assert.notEqual((await alice.checkout()).headers.location, payUrl);
      assert.equal((await rows()).orders.length, 2);
      assert.equal(
        (await alice.pay(payUrl)).headers.location,
        '/cart?notice=payment_failed',
        'a failed payment cannot be paid later',
      );
    });

    it('cancel: back to the cart, intact; the order ends (its stock comes back) and checking out again makes a new one', async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea', 2);
      const payUrl = (await alice.checkout()).headers.location as string;
      const cancelled = await alice.post(`${payUrl}/cancel`);
      assert.deepEqual(
        [cancelled.statusCode, cancelled.headers.location],
        [303, 'http://localhost:80/cart?notice=cancelled'],
      );
      assert.match((await alice.get('/cart?notice=cancelled')).body, /Checkout cancelled/);
      assert.match((await alice.get('/cart')).body, await twoTeas());
      assert.deepEqual(
        (await rows()).orders.map((order) => order.status),
        ['expired'],
      );
      assert.equal(
        (await alice.pay(payUrl)).headers.location,
        '/cart?notice=expired',
        'a cancelled payment page cannot be paid',
      );
      const again = (await alice.checkout()).headers.location as string;
      assert.match(again, /^\/checkout\/demo\//);
      assert.notEqual(again, payUrl, 'a new order and payment page');
      assert.equal((await alice.checkout()).headers.location, again, 'pressed again: the same pending order and page');
      // Presses sent at once with one cookie: the first rotates the session id, the others find it gone.
      const cookie = alice.cookie!;
      const presses = await Promise.all(
        [1, 2, 3].map(() =>
          shop.app.inject({ method: 'POST', url: '/checkout', headers: { ...SAME_ORIGIN, cookie }, payload: '' }),
        ),
      );
      const winners = presses.filter((response) => response.headers.location === again);
      assert.equal(winners.length, 1);
      assert.deepEqual(
        presses
          .filter((response) => response !== winners[0])
          .map((response) => [response.headers.location, sessionCookieOf(response)]),
        [
          ['/cart?notice=cart_empty', undefined],
          ['/cart?notice=cart_empty', undefined],
        ],
      );
      alice.cookie = sessionCookieOf(winners[0]!);
      assert.equal((await rows()).orders.length, 2);
      await alice.add('prod_tea');
      assert.notEqual((await alice.checkout()).headers.location, again, 'a changed cart makes a new order');
    });

    it('a cart changed while paying keeps what was added after checkout', async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea', 2);
      const payUrl = (await alice.checkout()).headers.location as string;
      await alice.add('prod_cup', 1);
      await alice.add('prod_tea', 1);
      await alice.pay(payUrl);
      assert.deepEqual(
        (await rows()).lines.map((line) => [line.price_id, line.quantity]),
        [
          ['price_cup', 1],
          ['price_tea', 1],
        ],
      );
    });

    describe('refusals go back to the cart with the reason and change nothing', () => {
      const cases: {
        name: string;
        notice: RegExp;
        code: string;
        setup: (alice: ReturnType<typeof shopper>) => Promise<void>;
      }[] = [
        { name: 'no cart at all', code: 'cart_empty', notice: /Your cart is empty/, setup: async () => {} },
        {
          name: 'an emptied cart',
          code: 'cart_empty',
          notice: /Your cart is empty/,
          setup: async (alice) => {
            await alice.add('prod_tea');
            await alice.post('/cart/clear');
          },
        },
        {
          name: 'nothing left that can be bought',
          code: 'line_unavailable',
          notice: /None of the items in your cart can be bought any more/,
          setup: async (alice) => {
            await alice.add('prod_tea');
            await database.db.updateTable('products').set({ active: 0 }).where('id', '=', 'prod_tea').execute();
            await bumpCatalogVersion(database.db); // as every catalog change does: carts price by it
          },
        },
        {
          name: 'a price changed since it was shown',
          code: 'prices_changed',
          notice: /Prices have changed/,
          setup: async (alice) => {
            await alice.add('prod_tea');
            await importCartCatalog(database.db, {
              prices: CART_PRICES.map((price) => (price.id === 'price_tea' ? { ...price, amount: '1500' } : price)),
            });
          },
        },
        {
          name: 'more than 100 lines',
          code: 'too_many_lines',
          notice: /at most 100 different items/,
          setup: async (alice) => {
            await alice.add('prod_tea');
            const products = Array.from({ length: 100 }, (_, index) => ({
              id: `prod_${index}`,
              name: `Item ${index}`,
            }));
            await importCartCatalog(database.db, {
              products: [{ id: 'prod_tea', name: 'Sencha tea' }, ...products],
              prices: [
                CART_PRICES[0]!,
                ...products.map((product, index) => ({
                  id: `price_${index}`,
                  product: product.id,
                  amount: '100',
                  currency: 'jpy',
                })),
              ],
            });
            const [session] = (await rows()).sessions;
            // Past what the cart commands allow, as an old cart or a bug could leave it.
            await database.db
              .insertInto('cart_lines')
              .values(
                products.map((_, index) => ({
                  session_id: session!.id,
                  price_id: `price_${index}`,
                  quantity: 1,
                  unit_amount_seen: 100,
                  created_at: 1,
                  updated_at: 1,
                })),
              )
              .execute();
          },
        },
      ];
      for (const refusal of cases) {
        it(refusal.name, async () => {
          const alice = shopper(shop);
          await refusal.setup(alice);
          const before = await rows();
          const response = await alice.checkout();
          assert.deepEqual([response.statusCode, response.headers.location], [303, `/cart?notice=${refusal.code}`]);
          assert.deepEqual(await rows(), before);
          const page = await alice.get(response.headers.location as string);
          assert.match(parsePage(page.body).getByRole('alert').textContent ?? '', refusal.notice);
        });
      }

      it('after the cart page has shown the new price, checkout goes ahead', async () => {
        const alice = shopper(shop);
        await alice.add('prod_tea');
        await importCartCatalog(database.db, {
          prices: CART_PRICES.map((price) => (price.id === 'price_tea' ? { ...price, amount: '1500' } : price)),
        });
        assert.equal((await alice.checkout()).headers.location, '/cart?notice=prices_changed');
        assert.match((await alice.get('/cart?notice=prices_changed')).body, /<del>¥1,200<\/del> <ins>¥1,500<\/ins>/);
        assert.match((await alice.checkout()).headers.location as string, /^\/checkout\/demo\//);
        assert.deepEqual(
          (await rows()).orders.map((order) => order.total_amount),
          [1500],
        );
      });
    });

    it('unknown checkout sessions and demo payments are 404 pages', async () => {
      for (const url of [
        '/checkout/success?session_id=demo_cs_NOPE',
        '/checkout/success',
        '/checkout/success?session_id=%3Cscript%3E',
        '/checkout/demo/demo_cs_NOPE',
      ]) {
        const response = await shop.app.inject({ url });
        assert.equal(response.statusCode, 404, url);
        assert.match(response.headers['content-type'] as string, /text\/html/);
      }
      assert.equal(
        (
          await shop.app.inject({
            method: 'POST',
            url: '/checkout/demo/demo_cs_NOPE/pay',
            headers: { 'sec-fetch-site': 'same-origin' },
          })
        ).statusCode,
        404,
      );
    });

    it('a cross-site checkout or payment is refused', async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea');
      const before = await rows();
      const response = await shop.app.inject({
        method: 'POST',
        url: '/checkout',
        headers: { cookie: alice.cookie!, 'sec-fetch-site': 'cross-site' },
      });
      assert.equal(response.statusCode, 403);
      assert.deepEqual(await rows(), before);
    });
  });
}
