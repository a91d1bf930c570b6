/**
 * The fake Stripe driven by the real `stripe` SDK, for the suites that test the fake itself: one fake with the
 * prices those suites order, an SDK client on it, a standard order, and the Stripe error a refused call rejects with.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import Stripe from 'stripe';
import { startFakeStripe, type FakeStripe } from './fake-stripe.js';

export const SDK_TEST_KEY = 'sk_test_kago_fake_key_1234';
export const SDK_SUCCESS_URL = 'http://shop.test/checkout/success?session_id={CHECKOUT_SESSION_ID}';

/** The Stripe error `promise` rejects with; fails when it resolves or rejects with anything else. */
export async function stripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Stripe.errors.StripeError, `not a Stripe error: ${String(error)}`);
    return error;
  }
  return assert.fail('expected the request to be refused');
}

export interface FakeStripeSdk {
  readonly fake: FakeStripe;
  /** The SDK on `SDK_TEST_KEY`. */
  readonly stripe: Stripe;
  /** An SDK client on the fake with another key; no retries, so a refusal arrives as it was sent. */
  client(key: string): Stripe;
  /** Two teas and a cup for order `ord_1`, with `extra` on top. */
  order(extra?: Partial<Stripe.Checkout.SessionCreateParams>): Stripe.Checkout.SessionCreateParams;
  create(
    params: Stripe.Checkout.SessionCreateParams,
    options?: Stripe.RequestOptions,
  ): Promise<Stripe.Response<Stripe.Checkout.Session>>;
  lastRequest(): FakeStripe['requests'][number];
}

/**
 * Registers before/after hooks that start the fake Stripe with the suites' prices (tea, cup, an inactive one, a
 * dollar one, twelve for paging) and stop it; read `.fake` and `.stripe` from within the tests.
 */
export function useFakeStripeSdk(): FakeStripeSdk {
  let fake: FakeStripe | undefined;
  let stripe: Stripe | undefined;
  const sdk: FakeStripeSdk = {
    get fake() {
      return fake!;
    },
    get stripe() {
      return stripe!;
    },
    client: (key) => new Stripe(key, { host: '127.0.0.1', port: fake!.port, protocol: 'http', maxNetworkRetries: 0 }),
    order: (extra = {}) => ({
      mode: 'payment',
      line_items: [
        { price: 'price_tea', quantity: 2 },
        { price: 'price_cup', quantity: 1 },
      ],
      client_reference_id: 'ord_1',
      metadata: { order_id: 'ord_1' },
      success_url: SDK_SUCCESS_URL,
      cancel_url: 'http://shop.test/cart',
      ...extra,
    }),
    create: (params, options) => stripe!.checkout.sessions.create(params, options),
    lastRequest: () => fake!.requests.at(-1)!,
  };
  before(async () => {
    fake = await startFakeStripe();
    stripe = sdk.client(SDK_TEST_KEY);
    fake.addPrice({ id: 'price_tea', unit_amount: 1320, currency: 'jpy', name: 'Sencha' });
    fake.addPrice({ id: 'price_cup', unit_amount: 2500, currency: 'JPY' });
    fake.addPrice({ id: 'price_retired', unit_amount: 900, currency: 'jpy', active: false });
    fake.addPrice({ id: 'price_dollars', unit_amount: 1500, currency: 'usd' });
    for (let i = 0; i < 12; i++) fake.addPrice({ id: `price_p${i}`, unit_amount: 100 + i, currency: 'jpy' });
  });
  after(async () => fake?.close());
  return sdk;
}
