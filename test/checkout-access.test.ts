/**
 * Who may see and drive a checkout, on SQLite and PostgreSQL: the success page asks Stripe only about a session
 * this shop created, for the browser that owns its order, while it waits for payment (calls counted on the fake
 * Stripe), and is rate-limited; the demo payment page is the owning session's alone; checkout gives the shopper a
 * new session id that the cart and orders follow, so an id planted before cannot follow them into their order.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { addCartPrices, CART_PRICES, cartApi, importCartCatalog } from './support/cart.js';
import { checkoutRows, resetCheckoutData, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';
import { headerCount, SAME_ORIGIN } from './support/http.js';

const KEY = 'sk_test_kago_access_tests';

for (const target of databaseTargets()) {
  describe(`checkout access on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let fake: FakeStripe;
    let stripeShop: TestShop;
    let demoShop: TestShop;
    const rows = () => checkoutRows(database.db);
    const demoSessions = () =>
      database.db
        .selectFrom('demo_checkout_sessions')
        .select(['id', 'status', 'payment_status'])
        .orderBy('id')
        .execute();
    const providerCalls = () =>
      fake.requests.filter((request) => request.path !== '/v1/checkout/sessions' || request.method !== 'POST').length;

    before(async () => {
      fake = await startFakeStripe();
      addCartPrices(fake);
      database = await target.open();
      stripeShop = await startTestShop(database, { env: { STRIPE_SECRET_KEY: KEY, STRIPE_API_URL: fake.url } });
      demoShop = await startTestShop(database);
    });
    after(async () => {
      await stripeShop?.app.close();
      await demoShop?.app.close();
      await database?.close();
      await fake?.close();
    });
    beforeEach(async () => {
      await resetCheckoutData(database.db);
      fake.requests.length = 0;
    });

    describe('the success page', () => {
      async function checkedOut() {
        const alice = shopper(stripeShop);
        await alice.add('prod_tea', 2);
        await alice.checkout();
        const [order] = (await rows()).orders;
        return { alice, order: order!, sessionId: order!.provider_session_id! };
      }

      it('a session id the shop never made: 404 page, Stripe is not called', async () => {
        await checkedOut();
        const alice = shopper(stripeShop);
        for (const id of ['cs_test_a1b2c3', 'cs_live_whatever', 'x'.repeat(255)]) {
          const response = await alice.get(`/checkout/success?session_id=${id}`);
          assert.equal(response.statusCode, 404, id);
          assert.match(response.body, /This checkout does not exist/);
        }
        assert.equal(providerCalls(), 0);
      });

      it("another browser, or none, sees the order's state without details; Stripe is not called", async () => {
        const { sessionId, order } = await checkedOut();
        fake.completeSession(sessionId);
        const bob = shopper(stripeShop);
        await bob.add('prod_cup');
        for (const visitor of [bob, shopper(stripeShop)]) {
          const page = await visitor.get(`/checkout/success?session_id=${sessionId}`);
          assert.equal(page.statusCode, 200);
          assert.match(page.body, /data-order-status="pending"/);
          assert.match(page.body, /has not been confirmed yet/);
          assert.doesNotMatch(page.body, /Sencha tea/);
        }
        assert.equal(providerCalls(), 0);
        assert.deepEqual(
          (await rows()).orders.map((row) => [row.id, row.status]),
          [[order.id, 'pending']],
          'nothing settled by them',
        );
      });

      it('the owner: one call while the order waits for payment, none once it is paid', async () => {
        const { alice, sessionId } = await checkedOut();
        fake.completeSession(sessionId);
        const paid = await alice.get(`/checkout/success?session_id=${sessionId}`);
        assert.match(paid.body, /Thank you for your order/);
        assert.equal(headerCount(paid.body), 0);
        assert.equal(providerCalls(), 1);
        for (let i = 0; i < 3; i++)
          assert.equal((await alice.get(`/checkout/success?session_id=${sessionId}`)).statusCode, 200);
        assert.equal(providerCalls(), 1, 'reloads read the paid order');
      });

      it('is rate-limited per client: 429 with Retry-After once past RATE_LIMIT_CHECKOUT_SUCCESS', async () => {
        const limited = await startTestShop(database, {
          env: { STRIPE_SECRET_KEY: KEY, STRIPE_API_URL: fake.url, RATE_LIMIT_CHECKOUT_SUCCESS: '3/1m' },
        });
        try {
          const statuses = [];
          for (let i = 0; i < 4; i++)
            statuses.push((await limited.app.inject({ url: '/checkout/success?session_id=cs_test_nope' })).statusCode);
          assert.deepEqual(statuses, [404, 404, 404, 429]);
          const refused = await limited.app.inject({ url: '/checkout/success?session_id=cs_test_nope' });
          assert.ok(Number(refused.headers['retry-after']) > 0);
          assert.match(refused.body, /Too many requests/);
          assert.equal(providerCalls(), 0);
        } finally {
          await limited.app.close();
        }
      });
    });

    describe('the demo payment page', () => {
      it('only for the session that owns the order: 404 for anyone else, and nothing changes', async () => {
        const alice = shopper(demoShop);
        await alice.add('prod_tea', 2);
        const payUrl = (await alice.checkout()).headers.location as string;
        const bob = shopper(demoShop);
        await bob.add('prod_cup');
        const before = { rows: await rows(), demo: await demoSessions() };
        for (const visitor of [bob, shopper(demoShop)]) {
          const page = await visitor.get(payUrl);
          assert.equal(page.statusCode, 404);
          assert.doesNotMatch(page.body, /Sencha tea/);
          for (const action of ['pay', 'fail', 'cancel']) {
            const response = await visitor.post(`${payUrl}/${action}`);
            assert.equal(response.statusCode, 404, action);
            assert.match(response.body, /This demo payment does not exist/);
          }
        }
        assert.deepEqual({ rows: await rows(), demo: await demoSessions() }, before);
        assert.equal((await alice.get(payUrl)).statusCode, 200, 'the owner still can');
        assert.match((await alice.pay(payUrl)).headers.location as string, /\/checkout\/success\?session_id=demo_cs_/);
      });
    });

    describe('the session id at checkout', () => {
      it('a new id: the cart and the order follow it, the old (perhaps planted) id sees neither', async () => {
        const alice = shopper(demoShop);
        await alice.add('prod_tea', 2);
        const planted = alice.cookie!;
        const started = await alice.checkout();
        assert.notEqual(alice.cookie, planted, 'checkout sends a new session cookie');
        const [order] = (await rows()).orders;
        const sessions = (await rows()).sessions;
        assert.equal(sessions.length, 1, 'the old session is gone, not copied');
        assert.equal(order!.session_id, sessions[0]!.id);

        const attacker = { get: (url: string) => demoShop.app.inject({ url, headers: { cookie: planted } }) };
        assert.equal((await cartApi(demoShop).get(planted)).body.item_count, 0);
        assert.equal((await attacker.get(started.headers.location as string)).statusCode, 404, 'no payment page');
        assert.equal((await attacker.get(`/orders/${order!.id}`)).statusCode, 404, 'no order page');

        assert.equal((await cartApi(demoShop).get(alice.cookie)).body.item_count, 2);
        const paid = await alice.pay(started.headers.location as string);
        const success = await alice.get((paid.headers.location as string).replace('http://localhost:80', ''));
        assert.match(success.body, /Thank you for your order/);
        assert.equal(headerCount(success.body), 0);
        assert.match((await alice.get(`/orders/${order!.id}`)).body, /data-order-status="paid"/);
        const afterwards = await attacker.get((paid.headers.location as string).replace('http://localhost:80', ''));
        assert.doesNotMatch(afterwards.body, /Sencha tea/, 'the success URL shows the planted id no details');
      });

      it('earlier orders follow the new id too, and a pending order is found again for the unchanged cart', async () => {
        const alice = shopper(demoShop);
        await alice.add('prod_tea');
        const first = (await alice.checkout()).headers.location as string;
        await alice.pay(first);
        const [paidOrder] = (await rows()).orders;
        await alice.add('prod_cup');
        const second = (await alice.checkout()).headers.location as string;
        assert.equal((await alice.checkout()).headers.location, second, 'same pending order after a second rotation');
        assert.equal((await alice.get(`/orders/${paidOrder!.id}`)).statusCode, 200, 'the paid order is still theirs');
        const sessions = (await rows()).sessions;
        assert.equal(sessions.length, 1);
        assert.ok((await rows()).orders.every((order) => order.session_id === sessions[0]!.id));
      });

      it('a refused checkout keeps the session id', async () => {
        const alice = shopper(demoShop);
        await alice.add('prod_tea');
        await importCartCatalog(database.db, {
          prices: CART_PRICES.map((price) => (price.id === 'price_tea' ? { ...price, amount: '1500' } : price)),
        });
        const before = await rows();
        const refused = await demoShop.app.inject({
          method: 'POST',
          url: '/checkout',
          headers: { ...SAME_ORIGIN, cookie: alice.cookie! },
          payload: '',
        });
        assert.equal(refused.headers.location, '/cart?notice=prices_changed');
        assert.equal(refused.headers['set-cookie'], undefined);
        assert.deepEqual(await rows(), before);
      });
    });
  });
}
