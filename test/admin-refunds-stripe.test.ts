/**
 * Refunds of Stripe orders, through the real SDK against the fake Stripe API, on SQLite and PostgreSQL: the
 * Refunds API call and its idempotency key, the fake's own idempotency rules, Stripe's refusals, refunds made in
 * the Dashboard arriving by webhook (each once, repeated and out of order), a console refund matched to its row,
 * a refund failing after it succeeded, and a dispute putting the order in review.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Stripe from 'stripe';
import { addOwner, signInOwner } from './support/admin.js';
import { startTestShop, type TestShop } from './support/app.js';
import { addCartPrices } from './support/cart.js';
import { resetCheckoutData, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';
import { formKeyOf, postRefund, refundRows } from './support/refunds.js';

const KEY = 'sk_test_kago_refund_tests';
const WEBHOOK_SECRET = 'whsec_kago_refund_tests';
const signer = new Stripe(KEY);

for (const target of databaseTargets()) {
  describe(`refunds of Stripe orders on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let fake: FakeStripe;
    let cookie: string;
    const rows = () => refundRows(database.db);
    const deliver = (event: object) => {
      const payload = JSON.stringify(event);
      const signature = signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
      return shop.app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        payload,
      });
    };
    const refundsAtStripe = (paymentIntent: string) =>
      [...fake.refunds.values()].filter((refund) => refund.payment_intent === paymentIntent);
    const formKey = async (orderId: string) =>
      formKeyOf((await shop.app.inject({ url: `/admin/orders/${orderId}/refund`, headers: { cookie } })).body);

    /** A shopper pays tea x2 and a cup (5400 JPY) at Stripe; the webhook records it. */
    async function paidOrder() {
      const alice = shopper(shop);
      await alice.add('prod_tea', 2);
      await alice.add('prod_cup', 1);
      await alice.checkout();
      const order = await database.db
        .selectFrom('orders')
        .select(['id', 'provider_session_id'])
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      const session = fake.completeSession(order.provider_session_id!);
      assert.equal((await deliver(fake.event('checkout.session.completed', session))).statusCode, 200);
      return { orderId: order.id, paymentIntent: session.payment_intent! };
    }

    before(async () => {
      fake = await startFakeStripe();
      addCartPrices(fake);
      database = await target.open();
      shop = await startTestShop(database, {
        env: { STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: fake.url },
      });
      await addOwner(database.db);
      cookie = await signInOwner(shop.app);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
      await fake?.close();
    });
    beforeEach(async () => {
      await database.db.deleteFrom('refunds').execute();
      await database.db.deleteFrom('admin_audit_log').execute();
      await resetCheckoutData(database.db);
      fake.refundsStartAs('succeeded');
      fake.requests.length = 0;
    });

    it('refunds part of the payment through the Refunds API with a key per refund; the webhook that follows adds nothing', async () => {
      const { orderId, paymentIntent } = await paidOrder();
      fake.requests.length = 0;
      const answer = await postRefund(shop, cookie, orderId, {
        amount: '1500',
        reason: 'requested_by_customer',
        key: await formKey(orderId),
      });
      assert.deepEqual([answer.statusCode, answer.headers.location], [303, `/admin/orders/${orderId}?notice=refunded`]);
      const [call] = fake.requests;
      assert.equal(fake.requests.length, 1);
      assert.equal(call!.path, '/v1/refunds');
      const [row] = (await rows()).refunds;
      assert.deepEqual(call!.params, {
        payment_intent: paymentIntent,
        amount: '1500',
        reason: 'requested_by_customer',
        metadata: { kago_refund_id: row!.id, order_id: orderId },
      });
      assert.equal(call!.idempotencyKey, `kago-refund-${row!.id}`);
      const [refund] = refundsAtStripe(paymentIntent);
      assert.deepEqual([row!.status, row!.provider_refund_id, Number(row!.amount)], ['succeeded', refund!.id, 1500]);
      // Stripe's events for this same refund: matched to the row, not counted again.
      for (const event of [
        fake.eventOf('charge.refunded', fake.charges.get(paymentIntent)!),
        fake.eventOf('refund.updated', refund!),
      ]) {
        assert.equal((await deliver(event)).statusCode, 200);
      }
      const after = await rows();
      assert.equal(after.refunds.length, 1);
      assert.equal(Number(after.orders[0]!.amount_refunded), 1500);
      assert.deepEqual(
        after.audit.map((entry) => entry.action),
        ['refund.created', 'refund.succeeded'],
      );
    });

    it('Stripe answers the same key with the same refund, and refuses the key with another body', async () => {
      const { paymentIntent } = await paidOrder();
      const client = new Stripe(KEY, { host: '127.0.0.1', port: fake.port, protocol: 'http', maxNetworkRetries: 0 });
      const first = await client.refunds.create(
        { payment_intent: paymentIntent, amount: 100 },
        { idempotencyKey: 'same-key' },
      );
      const again = await client.refunds.create(
        { payment_intent: paymentIntent, amount: 100 },
        { idempotencyKey: 'same-key' },
      );
      assert.equal(again.id, first.id);
      assert.equal(refundsAtStripe(paymentIntent).length, 1);
      await assert.rejects(
        client.refunds.create({ payment_intent: paymentIntent, amount: 200 }, { idempotencyKey: 'same-key' }),
        (error: Stripe.errors.StripeError) => {
          assert.equal(error.statusCode, 400);
          assert.equal(error.type, 'StripeIdempotencyError');
          return true;
        },
      );
      await assert.rejects(client.refunds.create({ payment_intent: paymentIntent, amount: 5301 }), {
        code: 'amount_too_large',
      });
      assert.equal(refundsAtStripe(paymentIntent).length, 1);
    });

    it('Stripe refuses: the form says why, the refund is recorded failed, the order and stock are unchanged', async () => {
      const { orderId, paymentIntent } = await paidOrder();
      fake.dashboardRefund(paymentIntent, 5000); // Stripe knows of a refund kago has not heard of yet
      const before = await rows();
      const answer = await postRefund(shop, cookie, orderId, { amount: '1000', key: await formKey(orderId) });
      assert.equal(answer.statusCode, 502);
      assert.match(answer.body, /Stripe refused the refund/);
      assert.match(answer.body, /greater than unrefunded amount on charge \(400\)/);
      const after = await rows();
      assert.deepEqual([after.orders, after.stock], [before.orders, before.stock]);
      assert.deepEqual(
        after.refunds.map((row) => row.status),
        ['failed'],
      );
      assert.deepEqual(
        after.audit.map((entry) => entry.action),
        ['refund.created', 'refund.failed'],
      );
    });

    it('Stripe down: the refund stays pending and holds its amount; sending the form again makes it once', async () => {
      const { orderId, paymentIntent } = await paidOrder();
      const key = await formKey(orderId);
      fake.failNext({ status: 500 }, 3); // the SDK's two retries too
      const down = await postRefund(shop, cookie, orderId, { amount: '5000', key });
      assert.equal(down.statusCode, 503);
      assert.match(down.body, /Stripe did not answer/);
      assert.equal(formKeyOf(down.body), key, 'the same key, to retry the same refund');
      assert.deepEqual(
        (await rows()).refunds.map((row) => row.status),
        ['pending'],
      );
      const other = await postRefund(shop, cookie, orderId, { amount: '1000', key: await formKey(orderId) });
      assert.equal(other.statusCode, 422, 'the pending refund holds its amount');
      const retried = await postRefund(shop, cookie, orderId, { amount: '5000', key });
      assert.equal(retried.statusCode, 303);
      assert.equal(refundsAtStripe(paymentIntent).length, 1);
      assert.equal(Number((await rows()).orders[0]!.amount_refunded), 5000);
    });

    it('a Dashboard refund arrives by webhook once, whatever the order and number of events; a failure later takes it off', async () => {
      const { orderId, paymentIntent } = await paidOrder();
      fake.refundsStartAs('pending');
      const pending = fake.dashboardRefund(paymentIntent, 2000, 'duplicate');
      const createdEvent = fake.eventOf('refund.created', pending);
      const settled = fake.settleRefund(pending.id, 'succeeded');
      const chargeEvent = fake.eventOf('charge.refunded', fake.charges.get(paymentIntent)!);
      const updatedEvent = fake.eventOf('refund.updated', settled);
      // Newest first, then the oldest, each twice at once.
      for (const event of [updatedEvent, chargeEvent, createdEvent]) {
        const answers = await Promise.all([deliver(event), deliver(event)]);
        for (const answer of answers) assert.equal(answer.statusCode, 200);
      }
      let after = await rows();
      assert.deepEqual(
        after.refunds.map((row) => [row.status, Number(row.amount), row.provider_refund_id]),
        [['succeeded', 2000, pending.id]],
      );
      assert.equal(Number(after.orders[0]!.amount_refunded), 2000);
      const audit = await database.db
        .selectFrom('admin_audit_log')
        .select(['action', 'actor_email'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((entry) => [entry.action, entry.actor_email]),
        [
          ['refund.created', null],
          ['refund.succeeded', null],
        ],
      );
      const events = await database.db
        .selectFrom('payment_events')
        .select(['type', 'order_id'])
        .where('type', 'like', '%refund%')
        .execute();
      assert.equal(events.length, 3);
      assert.ok(events.every((event) => event.order_id === orderId));

      const bounced = fake.settleRefund(pending.id, 'failed', 'expired_or_canceled_card');
      assert.equal((await deliver(fake.eventOf('refund.updated', bounced))).statusCode, 200);
      after = await rows();
      assert.deepEqual(
        after.refunds.map((row) => row.status),
        ['failed'],
      );
      assert.equal(Number(after.orders[0]!.amount_refunded), 0);
      assert.deepEqual(after.audit.map((entry) => entry.action).at(-1), 'refund.failed');
    });

    it('a dispute puts the order in review with its reason, once', async () => {
      const { orderId, paymentIntent } = await paidOrder();
      const event = fake.eventOf('charge.dispute.created', fake.dispute(paymentIntent));
      await Promise.all([deliver(event), deliver(event)]);
      await deliver(fake.eventOf('charge.dispute.created', fake.dispute(paymentIntent)));
      const order = await database.db
        .selectFrom('orders')
        .select(['status', 'review_reason'])
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(order, { status: 'review', review_reason: 'dispute' });
      const audit = await database.db
        .selectFrom('admin_audit_log')
        .select(['action', 'actor_email', 'details'])
        .execute();
      assert.deepEqual(
        audit.map((entry) => [entry.action, entry.actor_email]),
        [['dispute.created', null]],
      );
      assert.equal(JSON.parse(audit[0]!.details).amount, 5400);
    });
  });
}
