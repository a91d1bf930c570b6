/**
 * The fake Stripe (test/support/fake-stripe.ts) driven by the real `stripe` SDK: what the SDK puts on the wire, and
 * Checkout Sessions created, replayed, retrieved, paged, embedded and expired. Refusals, webhook events and outages:
 * test/fake-stripe-refusals.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { SDK_SUCCESS_URL, SDK_TEST_KEY, stripeError, useFakeStripeSdk } from './support/fake-stripe-sdk.js';

describe('fake Stripe, through the real SDK', () => {
  const sdk = useFakeStripeSdk();
  const { order, create, lastRequest } = sdk;

  it('creates an open session and records the request as the SDK sent it', async () => {
    const session = await create(order(), { idempotencyKey: 'checkout-ord_1' });
    assert.match(session.id, /^cs_test_[0-9a-f]{24}$/);
    assert.equal(session.object, 'checkout.session');
    assert.equal(session.url, `${sdk.fake.url}/pay/${session.id}`);
    assert.deepEqual(
      [
        session.mode,
        session.status,
        session.payment_status,
        session.amount_subtotal,
        session.amount_total,
        session.currency,
        session.livemode,
      ],
      ['payment', 'open', 'unpaid', 5140, 5140, 'jpy', false],
    );
    assert.equal(session.client_reference_id, 'ord_1');
    assert.deepEqual(session.metadata, { order_id: 'ord_1' });
    assert.equal(
      session.success_url,
      SDK_SUCCESS_URL,
      'the {CHECKOUT_SESSION_ID} template is kept for Stripe to fill in',
    );
    assert.equal(session.expires_at - session.created, 24 * 3600);

    const request = lastRequest();
    assert.deepEqual(
      [request.method, request.path, request.status, request.idempotencyKey],
      ['POST', '/v1/checkout/sessions', 200, 'checkout-ord_1'],
    );
    assert.deepEqual(request.params, {
      mode: 'payment',
      line_items: [
        { price: 'price_tea', quantity: '2' },
        { price: 'price_cup', quantity: '1' },
      ],
      client_reference_id: 'ord_1',
      metadata: { order_id: 'ord_1' },
      success_url: SDK_SUCCESS_URL,
      cancel_url: 'http://shop.test/cart',
    });
    assert.equal(request.headers.authorization, `Bearer ${SDK_TEST_KEY}`);
    assert.equal(request.headers['idempotency-key'], 'checkout-ord_1');
    assert.equal(request.headers['stripe-version'], Stripe.API_VERSION);
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(sdk.fake.sessions.get(session.id)?.status, 'open');

    const page = await fetch(session.url!);
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(`${session.id} open`));
  });

  it('replays the first answer for a reused idempotency key, and refuses the key with other params', async () => {
    const params = order({ client_reference_id: 'ord_2' });
    const first = await create(params, { idempotencyKey: 'checkout-ord_2' });
    const again = await create(params, { idempotencyKey: 'checkout-ord_2' });
    assert.equal(again.id, first.id);
    assert.equal(again.lastResponse.headers['idempotent-replayed'], 'true');
    assert.equal(first.lastResponse.headers['idempotent-replayed'], undefined);
    assert.equal(
      [...sdk.fake.sessions.values()].filter((session) => session.client_reference_id === 'ord_2').length,
      1,
    );

    const changed = await stripeError(
      create(order({ client_reference_id: 'ord_2', line_items: [{ price: 'price_tea', quantity: 3 }] }), {
        idempotencyKey: 'checkout-ord_2',
      }),
    );
    assert.ok(changed instanceof Stripe.errors.StripeIdempotencyError);
    assert.equal(changed.statusCode, 400);
    assert.match(changed.message, /can only be used with the same parameters/);
  });

  it('without a key the SDK sends a fresh one per call, so two calls make two sessions', async () => {
    const first = await create(order({ client_reference_id: 'ord_3' }));
    assert.match(lastRequest().idempotencyKey ?? '', /^stripe-node-retry-/);
    const second = await create(order({ client_reference_id: 'ord_3' }));
    assert.notEqual(second.id, first.id);
  });

  it('retrieves a session (line_items only when expanded) and lists its line items', async () => {
    const created = await create(order());
    const plain = await sdk.stripe.checkout.sessions.retrieve(created.id);
    assert.equal(plain.id, created.id);
    assert.equal(plain.line_items, undefined);
    assert.deepEqual(
      [lastRequest().method, lastRequest().path, lastRequest().params],
      ['GET', `/v1/checkout/sessions/${created.id}`, {}],
    );

    const expanded = await sdk.stripe.checkout.sessions.retrieve(created.id, { expand: ['line_items'] });
    assert.deepEqual(lastRequest().params, { expand: ['line_items'] });
    assert.deepEqual(
      expanded.line_items?.data.map((item) => [item.price?.id, item.quantity, item.amount_total]),
      [
        ['price_tea', 2, 2640],
        ['price_cup', 1, 2500],
      ],
    );

    const items = await sdk.stripe.checkout.sessions.listLineItems(created.id);
    assert.equal(items.object, 'list');
    assert.equal(items.has_more, false);
    const [tea] = items.data;
    assert.deepEqual(
      [
        tea?.object,
        tea?.description,
        tea?.currency,
        tea?.quantity,
        tea?.amount_subtotal,
        tea?.price?.object,
        tea?.price?.unit_amount,
        tea?.price?.currency,
      ],
      ['item', 'Sencha', 'jpy', 2, 2640, 'price', 1320, 'jpy'],
    );
  });

  it('pages line items ten at a time, as Stripe does', async () => {
    const created = await create(
      order({ line_items: Array.from({ length: 12 }, (_, i) => ({ price: `price_p${i}`, quantity: 1 })) }),
    );
    assert.equal(created.amount_total, 12 * 100 + 66);
    const first = await sdk.stripe.checkout.sessions.listLineItems(created.id);
    assert.deepEqual([first.data.length, first.has_more], [10, true]);
    const all = await sdk.stripe.checkout.sessions
      .listLineItems(created.id, { limit: 5 })
      .autoPagingToArray({ limit: 100 });
    assert.deepEqual(
      all.map((item) => item.price?.id),
      Array.from({ length: 12 }, (_, i) => `price_p${i}`),
    );
    assert.deepEqual(lastRequest().params, { limit: '5', starting_after: all[9]!.id });
  });

  it('answers unknown sessions with a 404 resource_missing', async () => {
    for (const call of [
      () => sdk.stripe.checkout.sessions.retrieve('cs_test_nope'),
      () => sdk.stripe.checkout.sessions.listLineItems('cs_test_nope'),
      () => sdk.stripe.checkout.sessions.expire('cs_test_nope'),
    ]) {
      const error = await stripeError(call());
      assert.ok(error instanceof Stripe.errors.StripeInvalidRequestError);
      assert.deepEqual(
        [error.statusCode, error.code, error.message],
        [404, 'resource_missing', "No such checkout.session: 'cs_test_nope'"],
      );
    }
  });

  it('makes embedded sessions with a client secret and no url', async () => {
    const { success_url: _success, cancel_url: _cancel, ...params } = order();
    const session = await create({
      ...params,
      ui_mode: 'embedded_page',
      return_url: 'http://shop.test/return?session_id={CHECKOUT_SESSION_ID}',
    });
    assert.equal(session.url, null);
    assert.match(session.client_secret ?? '', new RegExp(`^${session.id}_secret_`));
  });

  it('expires open sessions only, through the API and from the test', async () => {
    const viaApi = await create(order());
    const expired = await sdk.stripe.checkout.sessions.expire(viaApi.id);
    assert.deepEqual([expired.status, expired.url], ['expired', null]);
    const again = await stripeError(sdk.stripe.checkout.sessions.expire(viaApi.id));
    assert.match(again.message, /Only Checkout Sessions with a status in \["open"\] can be expired/);

    const byTest = await create(order());
    assert.equal(sdk.fake.expireSession(byTest.id).status, 'expired');
    assert.equal((await sdk.stripe.checkout.sessions.retrieve(byTest.id)).status, 'expired');
    assert.throws(() => sdk.fake.completeSession(byTest.id), /cannot complete .* it is expired/);
  });
});
