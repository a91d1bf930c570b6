/**
 * The success and cancel URLs sent to Stripe never come from a forged Host. With BASE_URL they are built from it,
 * whatever the request says; without it (development) the Host is used only when it names this machine, and any
 * other Host (or X-Forwarded-Host, when proxies are trusted) is refused with a 400 page before anything is written.
 */
import assert from 'node:assert/strict';
import { hostname, networkInterfaces } from 'node:os';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { addCartPrices } from './support/cart.js';
import { checkoutRows, resetCheckoutData, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';
import { SAME_ORIGIN } from './support/http.js';

const STRIPE = { STRIPE_SECRET_KEY: 'sk_test_kago_origin_tests', STRIPE_WEBHOOK_SECRET: 'whsec_kago_origin_tests' };

/** One of this machine's own addresses that is not loopback, as it appears in a Host header. */
function ownAddress(): string | undefined {
  const address = Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .find((candidate) => !candidate.internal && !candidate.address.includes('%'));
  if (!address) return undefined;
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

describe('the return URLs sent to Stripe', () => {
  let database: TestDatabase;
  let fake: FakeStripe;
  const shops: TestShop[] = [];
  const open = async (env: Record<string, string> = {}) => {
    const shop = await startTestShop(database, { env: { ...STRIPE, STRIPE_API_URL: fake.url, ...env } });
    shops.push(shop);
    return shop;
  };

  before(async () => {
    fake = await startFakeStripe();
    addCartPrices(fake);
    database = await databaseTargets()[0]!.open();
  });
  after(async () => {
    for (const shop of shops) await shop.app.close();
    await database?.close();
    await fake?.close();
  });
  beforeEach(async () => {
    await resetCheckoutData(database.db);
    fake.requests.length = 0;
  });

  /** A shopper with a cup in the cart checks out with these extra headers: the answer and what Stripe was asked. */
  async function checkoutWith(shop: TestShop, headers: Record<string, string>) {
    const alice = shopper(shop);
    await alice.add('prod_cup');
    const response = await shop.app.inject({
      method: 'POST',
      url: '/checkout',
      headers: { ...SAME_ORIGIN, cookie: alice.cookie!, ...headers },
      payload: '',
    });
    const params = fake.requests.find((request) => request.path === '/v1/checkout/sessions')?.params as
      Record<string, string> | undefined;
    return { response, successUrl: params?.success_url, cancelUrl: params?.cancel_url };
  }

  describe('without BASE_URL (development)', () => {
    let shop: TestShop;
    before(async () => {
      shop = await open();
    });

    const own = ownAddress();
    const local = [
      'localhost:3000',
      '127.0.0.1:3000',
      '127.9.9.9',
      '[::1]:3000',
      'shop.localhost:8080',
      `${hostname()}:3000`,
      ...(own ? [`${own}:3000`] : []),
    ];
    for (const host of local) {
      it(`uses a Host naming this machine: ${host}`, async () => {
        const { response, successUrl, cancelUrl } = await checkoutWith(shop, { host });
        assert.equal(response.statusCode, 303);
        const origin = `http://${host}`;
        assert.equal(successUrl, `${origin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`);
        assert.equal(cancelUrl, `${origin}/cart?notice=cancelled`);
      });
    }

    for (const host of [
      'evil.example',
      'localhost.evil.example',
      '127.0.0.1.evil.example',
      `${hostname()}.evil.example`,
      'localhost@evil.example',
      'localhost/evil.example',
      '8.8.8.8',
    ]) {
      it(`refuses any other Host with a 400 page and writes nothing: ${host}`, async () => {
        const alice = shopper(shop);
        await alice.add('prod_cup');
        const before = await checkoutRows(database.db);
        const response = await shop.app.inject({
          method: 'POST',
          url: '/checkout',
          headers: { ...SAME_ORIGIN, cookie: alice.cookie!, host },
          payload: '',
        });
        assert.equal(response.statusCode, 400);
        assert.match(response.headers['content-type'] as string, /^text\/html/);
        assert.match(response.body, /Unknown shop address/);
        assert.match(response.body, /BASE_URL/);
        assert.doesNotMatch(response.body, /evil\.example/);
        assert.deepEqual(fake.requests, [], 'Stripe was not asked');
        assert.deepEqual(await checkoutRows(database.db), before, 'no order written, the cart as it was');
      });
    }
  });

  it('behind a trusted proxy, a forwarded host that is not this machine is refused too', async () => {
    const shop = await open({ TRUST_PROXY: 'true' });
    const forged = await checkoutWith(shop, {
      host: 'localhost:3000',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    });
    assert.deepEqual([forged.response.statusCode, forged.successUrl], [400, undefined]);
    const local = await checkoutWith(shop, {
      host: '127.0.0.1:8080',
      'x-forwarded-host': 'localhost:8443',
      'x-forwarded-proto': 'https',
    });
    assert.deepEqual(
      [local.response.statusCode, local.successUrl],
      [303, 'https://localhost:8443/checkout/success?session_id={CHECKOUT_SESSION_ID}'],
    );
  });

  it('with BASE_URL, the URLs come from it whatever Host the request names', async () => {
    const shop = await open({ BASE_URL: 'https://shop.example' });
    const { response, successUrl, cancelUrl } = await checkoutWith(shop, {
      host: 'evil.example',
      origin: 'https://shop.example',
    });
    assert.equal(response.statusCode, 303);
    assert.equal(successUrl, 'https://shop.example/checkout/success?session_id={CHECKOUT_SESSION_ID}');
    assert.equal(cancelUrl, 'https://shop.example/cart?notice=cancelled');
  });
});
