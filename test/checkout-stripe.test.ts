/**
 * Checkout with Stripe, through the real SDK against the local fake Stripe API, on SQLite and PostgreSQL: what the
 * SDK sends, idempotency, and webhooks: exactly-once fulfilment under redelivery and races with the success page,
 * events out of order, amount mismatch, bad signatures and stale timestamps, unknown orders and ignored events.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Stripe from 'stripe';
import { startTestShop, type TestShop } from './support/app.js';
import { addCartPrices } from './support/cart.js';
import { checkoutRows, resetCheckoutData, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';
import { headerCount } from './support/http.js';

const KEY = 'sk_test_kago_checkout_tests';
const WEBHOOK_SECRET = 'whsec_kago_checkout_tests';
const signer = new Stripe(KEY);

for (const target of databaseTargets()) {
  describe(`checkout with Stripe on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let fake: FakeStripe;
    const rows = () => checkoutRows(database.db);

    /** Delivers an event as Stripe does: JSON body, Stripe-Signature over it. */
    const deliver = (
      event: object,
      options: { secret?: string; timestamp?: number; signature?: string | null } = {},
    ) => {
      const payload = JSON.stringify(event);
      const signature =
        options.signature === undefined
          ? signer.webhooks.generateTestHeaderString({
              payload,
              secret: options.secret ?? WEBHOOK_SECRET,
              ...(options.timestamp ? { timestamp: options.timestamp } : {}),
            })
          : options.signature;
      return shop.app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: {
          'content-type': 'application/json',
          ...(signature === null ? {} : { 'stripe-signature': signature }),
        },
        payload,
      });
    };

    /** A shopper with tea x2 and a cup, checked out: their Checkout Session and order. */
    async function checkedOut() {
      const alice = shopper(shop);
      await alice.add('prod_tea', 2);
      await alice.add('prod_cup', 1);
      const response = await alice.checkout();
      assert.equal(response.statusCode, 303);
      const [order] = (await rows()).orders;
      const session = fake.sessions.get(order!.provider_session_id!)!;
      assert.equal(response.headers.location, session.url);
      return { alice, order: order!, session };
    }

    before(async () => {
      fake = await startFakeStripe();
      addCartPrices(fake);
      database = await target.open();
      shop = await startTestShop(database, {
        env: { STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: fake.url },
      });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
      await fake?.close();
    });
    beforeEach(async () => {
      await resetCheckoutData(database.db);
      fake.requests.length = 0;
    });

    it('creates a Checkout Session with catalog price ids, the order as reference, and a key derived from the order', async () => {
      const { order, session } = await checkedOut();
      const [request] = fake.requests;
      assert.equal(fake.requests.length, 1);
      assert.equal(request!.path, '/v1/checkout/sessions');
      assert.equal(request!.idempotencyKey, `kago-order-${order.id}`);
      const params = request!.params as Record<string, unknown>;
      assert.deepEqual(params.line_items, [
        { price: 'price_tea', quantity: '2' },
        { price: 'price_cup', quantity: '1' },
      ]);
      assert.equal(params.mode, 'payment');
      assert.equal(params.success_url, 'http://localhost:80/checkout/success?session_id={CHECKOUT_SESSION_ID}');
      assert.equal(params.cancel_url, 'http://localhost:80/cart?notice=cancelled');
      assert.equal(params.client_reference_id, order.id);
      assert.deepEqual(params.metadata, { order_id: order.id });
      const expiresAt = Number(params.expires_at) * 1000;
      assert.ok(Math.abs(expiresAt - (Date.now() + 3_600_000)) < 60_000, 'expires in CHECKOUT_TTL (1h)');
      assert.equal(session.amount_total, 5400);
      assert.deepEqual([order.status, order.total_amount], ['pending', 5400]);
    });

    it('checkout twice on an unchanged cart reuses the order and session; Stripe is asked once', async () => {
      const { alice, session } = await checkedOut();
      const again = await alice.checkout();
      assert.equal(again.headers.location, session.url);
      assert.equal(fake.requests.length, 1);
      assert.equal((await rows()).orders.length, 1);
    });

    it('Stripe down: back to the cart, nothing lost; the retry sends the same idempotency key', async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea', 2);
      fake.failNext({ status: 500 }, 3);
      const refused = await alice.checkout();
      assert.deepEqual([refused.statusCode, refused.headers.location], [303, '/cart?notice=provider_unavailable']);
      assert.match((await alice.get('/cart?notice=provider_unavailable')).body, /Checkout is unavailable/);
      const retried = await alice.checkout();
      assert.match(retried.headers.location as string, /\/pay\/cs_test_/);
      const keys = new Set(fake.requests.map((request) => request.idempotencyKey));
      assert.equal(keys.size, 1, 'every attempt for the order used one key');
      assert.equal((await rows()).orders.length, 1);
    });

    it('exactly once: one event delivered 5 times at once, racing the success page -> one paid order, one cart clear', async () => {
      const { alice, order, session } = await checkedOut();
      const versionBefore = (await rows()).sessions[0]!.cart_version;
      fake.completeSession(session.id);
      const event = fake.event('checkout.session.completed', session.id);
      const [success, ...deliveries] = await Promise.all([
        alice.get(`/checkout/success?session_id=${session.id}`),
        ...Array.from({ length: 5 }, () => deliver(event)),
      ]);
      assert.deepEqual(
        deliveries.map((response) => response.statusCode),
        [200, 200, 200, 200, 200],
      );
      assert.equal(success!.statusCode, 200);
      assert.match(success!.body, /Thank you for your order/);
      assert.equal(headerCount(success!.body), 0);
      const state = await rows();
      assert.deepEqual(
        state.orders.map((row) => [row.id, row.status, row.amount_paid]),
        [[order.id, 'paid', 5400]],
      );
      assert.equal(state.fulfilments.length, 1);
      assert.deepEqual(state.lines, []);
      assert.equal(state.sessions[0]!.cart_version, versionBefore + 1);
      const redelivered = await deliver(event);
      assert.deepEqual(redelivered.json(), { received: true, duplicate: true });
      const another = await deliver(fake.event('checkout.session.async_payment_succeeded', session.id));
      assert.equal(another.statusCode, 200);
      assert.deepEqual(await rows(), state, 'a second event for the same payment changes nothing');
    });

    it('the success page while Stripe is failing: 503 with Retry-After, nothing changed; reloading later works', async () => {
      const { alice, session } = await checkedOut();
      fake.completeSession(session.id);
      const before = await rows();
      fake.failNext({ status: 500 }, 3);
      const failing = await alice.get(`/checkout/success?session_id=${session.id}`);
      assert.equal(failing.statusCode, 503);
      assert.equal(failing.headers['retry-after'], '5');
      assert.match(failing.body, /Temporarily unavailable/);
      assert.deepEqual(await rows(), before);
      const later = await alice.get(`/checkout/success?session_id=${session.id}`);
      assert.equal(later.statusCode, 200);
      assert.deepEqual(
        (await rows()).orders.map((row) => row.status),
        ['paid'],
      );
    });

    it('events out of order: a late "expired" or "failed" never undoes a payment', async () => {
      const { session } = await checkedOut();
      const expiredEarly = fake.event('checkout.session.expired', {
        ...fake.sessions.get(session.id)!,
        status: 'expired',
      } as never);
      fake.completeSession(session.id);
      await deliver(fake.event('checkout.session.completed', session.id));
      assert.equal((await deliver(expiredEarly)).statusCode, 200);
      assert.equal((await deliver(fake.event('checkout.session.async_payment_failed', session.id))).statusCode, 200);
      assert.deepEqual(
        (await rows()).orders.map((row) => row.status),
        ['paid'],
      );
    });

    it('a delayed payment: completed but unpaid stays pending; async_payment_succeeded pays it', async () => {
      const { session } = await checkedOut();
      fake.completeSession(session.id, { paymentStatus: 'unpaid' });
      await deliver(fake.event('checkout.session.completed', session.id));
      assert.deepEqual(
        (await rows()).orders.map((row) => row.status),
        ['pending'],
      );
      assert.equal((await rows()).lines.length, 2, 'the cart waits for the money');
      fake.sessions.get(session.id)!.payment_status = 'paid';
      await deliver(fake.event('checkout.session.async_payment_succeeded', session.id));
      assert.deepEqual(
        (await rows()).orders.map((row) => row.status),
        ['paid'],
      );
      assert.equal((await rows()).lines.length, 0);
    });

    it('async_payment_failed fails the order and expired expires it; the cart is kept', async () => {
      const first = await checkedOut();
      fake.completeSession(first.session.id, { paymentStatus: 'unpaid' });
      await deliver(fake.event('checkout.session.async_payment_failed', first.session.id));
      assert.deepEqual(
        (await rows()).orders.map((row) => row.status),
        ['failed'],
      );
      const second = await first.alice.checkout();
      const secondOrder = (await rows()).orders.find((row) => row.status === 'pending')!;
      assert.equal(second.headers.location, fake.sessions.get(secondOrder.provider_session_id!)!.url);
      fake.expireSession(secondOrder.provider_session_id!);
      await deliver(fake.event('checkout.session.expired', secondOrder.provider_session_id!));
      assert.deepEqual((await rows()).orders.map((row) => row.status).sort(), ['expired', 'failed']);
      assert.equal((await rows()).lines.length, 2);
    });

    it('an amount paid that differs from the order total flags the order for review', async () => {
      const { alice, session } = await checkedOut();
      fake.completeSession(session.id, { amountTotal: 100 });
      await deliver(fake.event('checkout.session.completed', session.id));
      const [order] = (await rows()).orders;
      assert.deepEqual([order!.status, order!.amount_paid], ['review', 100]);
      const stored = await database.db
        .selectFrom('orders')
        .select('review_reason')
        .where('id', '=', order!.id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.review_reason, 'amount_mismatch', 'the owner sees why');
      const page = await alice.get(`/orders/${order!.id}`);
      assert.match(page.body, /being checked by the shop/);
    });

    describe('webhook refusals: 400, nothing changed', () => {
      const cases: { name: string; options: (payload: object) => Parameters<typeof deliver>[1]; tamper?: boolean }[] = [
        { name: 'signed with another secret', options: () => ({ secret: 'whsec_someone_else' }) },
        {
          name: 'a stale timestamp (10 minutes old)',
          options: () => ({ timestamp: Math.floor(Date.now() / 1000) - 600 }),
        },
        {
          name: 'a timestamp 10 minutes in the future',
          options: () => ({ timestamp: Math.floor(Date.now() / 1000) + 600 }),
        },
        { name: 'no Stripe-Signature header', options: () => ({ signature: null }) },
        { name: 'a garbage signature', options: () => ({ signature: 't=1,v1=deadbeef' }) },
      ];
      for (const refusal of cases) {
        it(refusal.name, async () => {
          const { session } = await checkedOut();
          fake.completeSession(session.id);
          const event = fake.event('checkout.session.completed', session.id);
          const before = await rows();
          const response = await deliver(event, refusal.options(event));
          assert.equal(response.statusCode, 400);
          assert.deepEqual(Object.keys(response.json()).sort(), ['code', 'description', 'message', 'status']);
          assert.equal(response.json().code, 'invalid_signature');
          assert.deepEqual(await rows(), before);
        });
      }

      it('a body changed after signing', async () => {
        const { session } = await checkedOut();
        fake.completeSession(session.id);
        const event = fake.event('checkout.session.completed', session.id);
        const signature = signer.webhooks.generateTestHeaderString({
          payload: JSON.stringify(event),
          secret: WEBHOOK_SECRET,
        });
        const before = await rows();
        const forged = { ...event, data: { object: { ...event.data.object, amount_total: 1 } } };
        const response = await deliver(forged, { signature });
        assert.equal(response.statusCode, 400);
        assert.deepEqual(await rows(), before);
      });
    });

    it('an event for an unknown order, or of a type we ignore, answers 200 and changes nothing', async () => {
      const { session } = await checkedOut();
      fake.completeSession(session.id);
      const before = await rows();
      const event = fake.event('checkout.session.completed', session.id);
      const unknown = {
        ...event,
        id: 'evt_unknown_order',
        data: {
          object: {
            ...event.data.object,
            id: 'cs_test_other',
            metadata: { order_id: 'NOSUCHORDER1' },
            client_reference_id: 'NOSUCHORDER1',
          },
        },
      };
      assert.equal((await deliver(unknown)).statusCode, 200);
      const ignored = { ...event, id: 'evt_ignored', type: 'payment_intent.created' };
      assert.deepEqual((await deliver(ignored)).json(), { received: true });
      const after = await rows();
      assert.deepEqual({ ...after }, before);
    });

    it('the Content-Security-Policy lets the checkout form lead to Stripe', async () => {
      const response = await shop.app.inject({ url: '/cart' });
      assert.match(
        response.headers['content-security-policy'] as string,
        /form-action 'self' https:\/\/checkout\.stripe\.com/,
      );
    });
  });
}
