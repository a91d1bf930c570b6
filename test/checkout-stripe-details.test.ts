/**
 * What Stripe Checkout is asked to collect and what is read back, through the real SDK against the fake Stripe
 * API: shipping address (the delivery country), shipping options from the shop's rates, phone and automatic tax;
 * a completed session's contact, address, shipping and tax stored on the order; and the fake refusing what Stripe
 * refuses (unknown countries, more than 5 options, a shipping amount in another currency).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Stripe from 'stripe';
import { startTestShop, type TestShop } from './support/app.js';
import { addCartPrices } from './support/cart.js';
import { resetCheckoutData, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';

const KEY = 'sk_test_kago_checkout_details';
const RATES = JSON.stringify([
  { id: 'standard', name: 'Standard shipping', currency: 'jpy', amount: '800', days: [2, 4] },
  { id: 'express', name: 'Express', currency: 'jpy', amount: '1500', days: [1, 1] },
]);

for (const target of databaseTargets()) {
  describe(`Stripe Checkout collects what fulfilment needs on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let fake: FakeStripe;

    before(async () => {
      fake = await startFakeStripe();
      addCartPrices(fake);
      database = await target.open();
      shop = await startTestShop(database, {
        env: {
          STRIPE_SECRET_KEY: KEY,
          STRIPE_API_URL: fake.url,
          SHIPPING_RATES: RATES,
          SHIP_TO_COUNTRIES: 'JP,US',
          STRIPE_AUTOMATIC_TAX: 'true',
        },
      });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
      await fake?.close();
    });
    beforeEach(async () => {
      await resetCheckoutData(database.db);
    });

    it("asks for the address in the chosen country, the shop's shipping options, a phone and automatic tax; reads them back onto the order", async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea', 2);
      const started = await alice.post('/checkout', 'country=JP');
      assert.equal(started.statusCode, 303);
      const sent = fake.requests
        .filter((request) => request.method === 'POST' && request.path === '/v1/checkout/sessions')
        .at(-1)!;
      assert.equal(sent.status, 200);
      assert.deepEqual(sent.params.shipping_address_collection, { allowed_countries: ['JP'] });
      assert.deepEqual(sent.params.phone_number_collection, { enabled: 'true' });
      assert.deepEqual(sent.params.automatic_tax, { enabled: 'true' });
      assert.deepEqual(sent.params.shipping_options, [
        {
          shipping_rate_data: {
            type: 'fixed_amount',
            fixed_amount: { amount: '800', currency: 'jpy' },
            display_name: 'Standard shipping',
            delivery_estimate: {
              minimum: { unit: 'business_day', value: '2' },
              maximum: { unit: 'business_day', value: '4' },
            },
            metadata: { kago_rate_id: 'standard' },
          },
        },
        {
          shipping_rate_data: {
            type: 'fixed_amount',
            fixed_amount: { amount: '1500', currency: 'jpy' },
            display_name: 'Express',
            delivery_estimate: {
              minimum: { unit: 'business_day', value: '1' },
              maximum: { unit: 'business_day', value: '1' },
            },
            metadata: { kago_rate_id: 'express' },
          },
        },
      ]);

      const order = await database.db
        .selectFrom('orders')
        .select(['id', 'provider_session_id'])
        .executeTakeFirstOrThrow();
      const address = {
        line1: '1-2-3 Jingumae',
        line2: 'Kago Bldg 4F',
        city: 'Shibuya-ku',
        state: 'Tokyo',
        postal_code: '150-0001',
        country: 'JP',
      };
      fake.completeSession(order.provider_session_id!, {
        email: 'hanako@example.jp',
        name: 'Hanako Yamada',
        phone: '+81312345678',
        address,
        shippingOption: 1,
        taxAdded: 240,
      });
      const success = await alice.get(`/checkout/success?session_id=${order.provider_session_id}`);
      assert.equal(success.statusCode, 200);
      const stored = await database.db
        .selectFrom('orders')
        .selectAll()
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.status, 'paid');
      assert.deepEqual(
        [
          stored.email,
          stored.customer_name,
          stored.phone,
          stored.ship_line1,
          stored.ship_line2,
          stored.ship_city,
          stored.ship_state,
          stored.ship_postal_code,
          stored.ship_country,
        ],
        [
          'hanako@example.jp',
          'Hanako Yamada',
          '+81312345678',
          '1-2-3 Jingumae',
          'Kago Bldg 4F',
          'Shibuya-ku',
          'Tokyo',
          '150-0001',
          'JP',
        ],
      );
      assert.deepEqual(
        [stored.shipping_rate_id, stored.shipping_name, Number(stored.shipping_amount)],
        ['express', 'Express', 1500],
      );
      assert.deepEqual(
        [
          Number(stored.items_amount),
          Number(stored.tax_amount),
          stored.tax_added,
          Number(stored.total_amount),
          Number(stored.amount_paid),
        ],
        [2400, 240, 1, 4140, 4140],
      );
      assert.match(stored.payment_intent_id ?? '', /^pi_/);
      assert.match(success.body, /<td data-order-tax="">¥240<\/td>/);
      assert.match(success.body, /<td data-order-total="true">¥4,140<\/td>/);
    });

    it('a shipping amount other than the one offered puts the order in review', async () => {
      const alice = shopper(shop);
      await alice.add('prod_tea', 1);
      await alice.checkout();
      const order = await database.db
        .selectFrom('orders')
        .select(['id', 'provider_session_id'])
        .executeTakeFirstOrThrow();
      const session = fake.sessions.get(order.provider_session_id!)!;
      session.shipping_options[0]!.shipping_amount = 1; // as if the rate had been changed on Stripe's side
      fake.completeSession(order.provider_session_id!, { amountTotal: 1200 + 1 });
      Object.assign(session, { shipping_cost: { ...session.shipping_cost!, amount_total: 1 } });
      await alice.get(`/checkout/success?session_id=${order.provider_session_id}`);
      const stored = await database.db
        .selectFrom('orders')
        .select(['status', 'review_reason'])
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual([stored.status, stored.review_reason], ['review', 'shipping_mismatch']);
    });
  });
}

describe('the fake Stripe refuses what Stripe refuses in collection parameters', () => {
  let fake: FakeStripe;
  let stripe: Stripe;
  before(async () => {
    fake = await startFakeStripe();
    fake.addPrice({ id: 'price_tea', unit_amount: 1200, currency: 'jpy' });
    stripe = new Stripe(KEY, { host: '127.0.0.1', port: fake.port, protocol: 'http', maxNetworkRetries: 0 });
  });
  after(() => fake?.close());

  const base = {
    mode: 'payment' as const,
    success_url: 'https://shop.example/ok',
    line_items: [{ price: 'price_tea', quantity: 1 }],
  };
  const rate = (amount: number, currency = 'jpy') => ({
    shipping_rate_data: { type: 'fixed_amount' as const, fixed_amount: { amount, currency }, display_name: 'Standard' },
  });

  type Collection = Pick<Stripe.Checkout.SessionCreateParams, 'shipping_address_collection' | 'shipping_options'>;
  const country = (code: string) => ({
    allowed_countries: [code as Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry],
  });
  const cases: [string, Collection, RegExp][] = [
    ['an unknown country', { shipping_address_collection: country('XX') }, /allowed_countries\]\[0\]/],
    ['a country Stripe does not ship to', { shipping_address_collection: country('KP') }, /allowed_countries\]\[0\]/],
    [
      'more than 5 shipping options',
      { shipping_address_collection: country('JP'), shipping_options: Array.from({ length: 6 }, () => rate(800)) },
      /up to 5 shipping options/,
    ],
    [
      'a shipping amount in another currency',
      { shipping_address_collection: country('JP'), shipping_options: [rate(800, 'usd')] },
      /must match the currency of the Checkout Session/,
    ],
  ];
  for (const [name, params, message] of cases) {
    it(`refuses ${name} with Stripe's error shape`, async () => {
      await assert.rejects(stripe.checkout.sessions.create({ ...base, ...params }), (error: unknown) => {
        assert.ok(error instanceof Stripe.errors.StripeInvalidRequestError);
        assert.equal(error.statusCode, 400);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
