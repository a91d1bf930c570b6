/**
 * Two kago processes on one PostgreSQL database and one Redis, as behind a load balancer: a cart changed through
 * one is the cart seen through the other, a checkout started on one is paid through the other, and the order is
 * paid exactly once when the webhook (to A), its redelivery (to B) and the success page (on B) race each other.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addCartPrices, importCartCatalog } from '../support/cart.js';
import { databaseTargets, type TestDatabase } from '../support/databases.js';
import { skipUnlessAvailable } from '../support/extras.js';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.js';
import { headerCount } from '../support/http.js';
import { redisUnavailableReason } from '../support/redis.js';
import { deliverStripeEvent, startShopProcess, visitor, type ShopProcess } from '../support/shop-process.js';
import { testRedisUrl } from '../support/stores.js';

const KEY = 'sk_test_kago_two_processes';
const WEBHOOK_SECRET = 'whsec_kago_two_processes';
const postgres = databaseTargets().find((target) => target.name === 'postgres')!;

const deliver = (shop: ShopProcess, event: object) => deliverStripeEvent(shop, event, WEBHOOK_SECRET);

describe(
  'two processes on one PostgreSQL and one Redis',
  { skip: postgres.skip ?? skipUnlessAvailable(redisUnavailableReason()) },
  () => {
    let database: TestDatabase;
    let fake: FakeStripe;
    let a: ShopProcess;
    let b: ShopProcess;
    const alice = visitor();

    before(async () => {
      fake = await startFakeStripe();
      addCartPrices(fake);
      database = await postgres.open();
      await importCartCatalog(database.db);
      assert.equal(database.config.dialect, 'postgres');
      const env = {
        DATABASE_URL: database.config.dialect === 'postgres' ? database.config.url : '',
        REDIS_URL: await testRedisUrl(),
        STRIPE_SECRET_KEY: KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_URL: fake.url,
      };
      // Assigned as each starts, so `after` ends the one that started when the other fails to.
      await Promise.all([
        startShopProcess(env).then((shop) => (a = shop)),
        startShopProcess(env).then((shop) => (b = shop)),
      ]);
    });
    after(async () => {
      await Promise.all([a?.kill(), b?.kill()]);
      await database?.close();
      await fake?.close();
    });

    it('a cart changed through A is the cart seen through B, and the other way round', async () => {
      assert.equal((await alice.postJson(`${a.url}/cart/add.js`, { id: 'prod_tea', quantity: 2 })).status, 200);
      assert.ok(alice.cookie, 'the add started a session');
      const onB = (await alice.get(`${b.url}/cart.js`)).json();
      assert.deepEqual(
        onB.items.map((item: { stripe_price_id: string; quantity: number }) => [item.stripe_price_id, item.quantity]),
        [['price_tea', 2]],
      );

      assert.equal((await alice.postJson(`${b.url}/cart/add.js`, { id: 'prod_cup' })).status, 200);
      const onA = (await alice.get(`${a.url}/cart.js`)).json();
      assert.deepEqual(
        onA.items.map((item: { stripe_price_id: string; quantity: number }) => [item.stripe_price_id, item.quantity]),
        [
          ['price_tea', 2],
          ['price_cup', 1],
        ],
      );
      assert.equal(onA.token, onB.token, 'one cart');
      assert.equal(headerCount((await alice.get(`${b.url}/`)).body), 3);
    });

    it('checkout on B, webhook to A racing the success page on B and a redelivery to B: one paid order, cart empty on both', async () => {
      const started = await alice.postForm(`${b.url}/checkout`);
      assert.equal(started.status, 303);
      const session = [...fake.sessions.values()].find((candidate) => candidate.url === started.headers.location);
      assert.ok(session, `303 to a Checkout Session of the fake (got ${started.headers.location})`);
      assert.equal(session.amount_total, 2 * 1200 + 3000);

      fake.completeSession(session.id);
      const event = fake.event('checkout.session.completed', session.id);
      const [toA, success, toB] = await Promise.all([
        deliver(a, event),
        alice.get(`${b.url}/checkout/success?session_id=${session.id}`),
        deliver(b, event),
      ]);
      assert.deepEqual([toA.status, toB.status, success.status], [200, 200, 200], `${toA.body} ${toB.body}`);
      assert.match(success.body, /Thank you for your order/);
      assert.deepEqual((await deliver(b, event)).json(), { received: true, duplicate: true });

      const db = database.db;
      const orders = await db
        .selectFrom('orders')
        .select(['id', 'status', 'total_amount', 'amount_paid', 'provider_session_id'])
        .execute();
      assert.deepEqual(
        orders.map((order) => [order.status, order.total_amount, order.amount_paid, order.provider_session_id]),
        [['paid', 5400, 5400, session.id]],
      );
      const [order] = orders;
      assert.deepEqual(await db.selectFrom('order_fulfilments').select(['order_id', 'amount_paid']).execute(), [
        { order_id: order!.id, amount_paid: 5400 },
      ]);
      assert.equal(
        (await db.selectFrom('order_lines').select('position').where('order_id', '=', order!.id).execute()).length,
        2,
      );
      assert.deepEqual(await db.selectFrom('payment_events').select(['id', 'order_id']).execute(), [
        { id: event.id, order_id: order!.id },
      ]);

      for (const shop of [a, b]) {
        const cart = (await alice.get(`${shop.url}/cart.js`)).json();
        assert.deepEqual([cart.item_count, cart.items], [0, []], `the cart seen from ${shop.url}`);
        assert.equal(
          (await alice.get(`${shop.url}/orders/${order!.id}`)).status,
          200,
          'the order, to the browser that placed it',
        );
      }
    });
  },
);
