/**
 * The fake Stripe (test/support/fake-stripe.ts) driven by the real `stripe` SDK: Stripe's refusals arriving as the
 * SDK's error classes (bad parameters, API keys, outages), and webhook events that the SDK's signature check accepts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { stripeError, useFakeStripeSdk } from './support/fake-stripe-sdk.js';

const WEBHOOK_SECRET = 'whsec_kago_test_secret';

describe('fake Stripe refusals and events, through the real SDK', () => {
  const sdk = useFakeStripeSdk();
  const { client, order, create, lastRequest } = sdk;

  describe('refuses what Stripe refuses, with a 400 naming the parameter, and creates nothing', () => {
    const line = (item: Record<string, unknown>) => ({ line_items: [item] });
    const cases: { name: string; params: Record<string, unknown>; param: string; message: RegExp; code?: string }[] = [
      {
        name: 'unknown price',
        params: line({ price: 'price_nope', quantity: 1 }),
        param: 'line_items[0][price]',
        message: /^No such price: 'price_nope'$/,
        code: 'resource_missing',
      },
      {
        name: 'inactive price',
        params: line({ price: 'price_retired', quantity: 1 }),
        param: 'line_items[0][price]',
        message: /The price specified is inactive/,
      },
      {
        name: 'no mode',
        params: { mode: undefined },
        param: 'mode',
        message: /Missing required param: mode/,
        code: 'parameter_missing',
      },
      {
        name: 'unknown mode',
        params: { mode: 'rental' },
        param: 'mode',
        message: /Invalid mode: must be one of payment, setup, or subscription/,
      },
      {
        name: 'no line items',
        params: { line_items: undefined },
        param: 'line_items',
        message: /Missing required param: line_items/,
      },
      {
        name: 'no quantity',
        params: line({ price: 'price_tea' }),
        param: 'line_items[0][quantity]',
        message: /Quantity is required/,
      },
      {
        name: 'quantity 0',
        params: line({ price: 'price_tea', quantity: 0 }),
        param: 'line_items[0][quantity]',
        message: /greater than or equal to 1/,
      },
      {
        name: 'quantity 1.5',
        params: line({ price: 'price_tea', quantity: 1.5 }),
        param: 'line_items[0][quantity]',
        message: /Invalid integer: 1.5/,
      },
      {
        name: 'neither price nor price_data',
        params: line({ quantity: 1 }),
        param: 'line_items[0][price]',
        message: /either `price` or `price_data`/,
      },
      {
        name: 'a parameter the line item does not have',
        params: line({ price: 'price_tea', quantity: 1, amount: 5 }),
        param: 'line_items[0][amount]',
        message: /Received unknown parameter: line_items\[0\]\[amount\]/,
      },
      {
        name: 'two currencies',
        params: {
          line_items: [
            { price: 'price_tea', quantity: 1 },
            { price: 'price_dollars', quantity: 1 },
          ],
        },
        param: 'line_items',
        message: /same currency/,
      },
      {
        name: 'no success_url on a hosted page',
        params: { success_url: undefined },
        param: 'success_url',
        message: /Missing required param: success_url/,
      },
      {
        name: 'a relative success_url',
        params: { success_url: '/checkout/success' },
        param: 'success_url',
        message: /Not a valid URL/,
      },
      {
        name: 'success_url with an embedded page',
        params: { ui_mode: 'embedded_page', return_url: 'http://shop.test/return' },
        param: 'success_url',
        message: /cannot be used with `ui_mode: embedded_page`/,
      },
      {
        name: 'payment_method_types (gone from this API version)',
        params: { payment_method_types: ['card'] },
        param: 'payment_method_types',
        message: /Received unknown parameter: payment_method_types/,
        code: 'parameter_unknown',
      },
      {
        name: 'an empty client_reference_id',
        params: { client_reference_id: '' },
        param: 'client_reference_id',
        message: /You passed an empty string for 'client_reference_id'/,
      },
      {
        name: 'a metadata key over 40 characters',
        params: { metadata: { ['k'.repeat(41)]: 'v' } },
        param: `metadata[${'k'.repeat(41)}]`,
        message: /at most 40 characters/,
      },
      {
        name: 'expiry under 30 minutes',
        params: { expires_at: Math.floor(Date.now() / 1000) + 60 },
        param: 'expires_at',
        message: /at least 30 minutes/,
      },
    ];
    for (const refusal of cases) {
      it(refusal.name, async () => {
        const before = sdk.fake.sessions.size;
        const error = await stripeError(
          create({ ...order(), ...refusal.params } as Stripe.Checkout.SessionCreateParams),
        );
        assert.ok(error instanceof Stripe.errors.StripeInvalidRequestError, error.type);
        assert.equal(error.statusCode, 400);
        assert.equal(error.rawType, 'invalid_request_error');
        assert.equal(error.param, refusal.param);
        assert.match(error.message, refusal.message);
        if (refusal.code) assert.equal(error.code, refusal.code);
        assert.equal(sdk.fake.sessions.size, before);
        assert.equal(lastRequest().status, 400);
      });
    }
  });

  it('refuses a missing, malformed or live API key with a 401', async () => {
    // The live-mode key is put together here so that no live-looking key literal sits in the tree.
    const liveShaped = ['sk', 'live', 'kago_fake_key_1234'].join('_');
    for (const key of [liveShaped, 'pk_test_kago_fake_key_1234', 'not-a-stripe-key-at-all']) {
      const error = await stripeError(client(key).checkout.sessions.create(order()));
      assert.ok(error instanceof Stripe.errors.StripeAuthenticationError, `${key}: ${error.type}`);
      assert.equal(error.statusCode, 401);
      assert.match(error.message, /Invalid API Key provided/);
      assert.doesNotMatch(error.message, new RegExp(key.slice(8, -4)), 'the key is shown redacted');
    }
    const bare = await fetch(`${sdk.fake.url}/v1/checkout/sessions/cs_test_nope`);
    assert.equal(bare.status, 401);
    assert.match(
      ((await bare.json()) as { error: { message: string } }).error.message,
      /You did not provide an API key/,
    );
  });

  it('completes sessions and builds events that the SDK verifies', async () => {
    const created = await create(order());
    const paid = sdk.fake.completeSession(created.id);
    assert.deepEqual([paid.status, paid.payment_status, paid.amount_total, paid.url], ['complete', 'paid', 5140, null]);
    assert.match(paid.payment_intent ?? '', /^pi_/);
    assert.equal((await sdk.stripe.checkout.sessions.retrieve(created.id)).status, 'complete');

    const payload = JSON.stringify(sdk.fake.event('checkout.session.completed', paid));
    const signature = sdk.stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const event = sdk.stripe.webhooks.constructEvent(payload, signature, WEBHOOK_SECRET);
    assert.match(event.id, /^evt_/);
    assert.deepEqual(
      [event.object, event.type, event.livemode, event.api_version],
      ['event', 'checkout.session.completed', false, Stripe.API_VERSION],
    );
    assert.ok(event.type === 'checkout.session.completed');
    assert.deepEqual(
      [event.data.object.id, event.data.object.metadata, event.data.object.client_reference_id],
      [created.id, { order_id: 'ord_1' }, 'ord_1'],
    );
    assert.throws(
      () => sdk.stripe.webhooks.constructEvent(payload, signature, 'whsec_another_secret'),
      Stripe.errors.StripeSignatureVerificationError,
    );

    const other = await create(order());
    const short = sdk.fake.completeSession(other.id, { amountTotal: 1, paymentStatus: 'unpaid' });
    const mismatch = sdk.fake.event('checkout.session.completed', other.id).data.object;
    assert.deepEqual([short.amount_total, mismatch.amount_total, mismatch.payment_status], [1, 1, 'unpaid']);
    assert.throws(() => sdk.fake.completeSession(other.id), /it is complete/);
  });

  it('fails the next request on demand, as an outage would', async () => {
    sdk.fake.failNext();
    const error = await stripeError(create(order()));
    assert.ok(error instanceof Stripe.errors.StripeAPIError);
    assert.equal(error.statusCode, 500);
    assert.match((await create(order())).id, /^cs_test_/);
  });
});
