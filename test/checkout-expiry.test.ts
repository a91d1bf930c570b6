/**
 * The expiry sent with each Checkout Session create, with the shop's and Stripe's clocks injected: it is computed
 * at each create and kept inside Stripe's window (30 minutes to 24 hours from creation, which the fake enforces)
 * with a margin, so a retry long after a failed create, a short CHECKOUT_TTL with a slow request, or a 24-hour one
 * with Stripe's clock behind are all accepted; a pending order whose session has run out gets a fresh one.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { addCartPrices, importCartCatalog } from './support/cart.js';
import { checkoutRows, clearCarts, clearOrders, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';

const KEY = 'sk_test_kago_expiry_tests';
const MINUTE = 60_000;

describe('Checkout Session expiry', () => {
  let database: TestDatabase;
  let fake: FakeStripe | undefined;
  let shop: TestShop | undefined;
  /** The shop's clock; Stripe's is this plus `stripeAhead`. */
  let time = 0;
  let stripeAhead = 0;

  /** A shop and a fake Stripe on the injected clocks, with a shopper holding tea x2. */
  async function start(env: Record<string, string> = {}) {
    fake = await startFakeStripe({ now: () => time + stripeAhead });
    addCartPrices(fake);
    shop = await startTestShop(database, {
      env: { STRIPE_SECRET_KEY: KEY, STRIPE_API_URL: fake.url, ...env },
      deps: { now: () => time },
    });
    const alice = shopper(shop);
    await alice.add('prod_tea', 2);
    return { alice, fake, shop };
  }
  const creates = () =>
    fake!.requests.filter((request) => request.method === 'POST' && request.path === '/v1/checkout/sessions');
  const sentExpiry = (index: number) => Number((creates()[index]!.params as { expires_at: string }).expires_at);

  before(async () => {
    database = await databaseTargets()[0]!.open();
    await importCartCatalog(database.db);
  });
  afterEach(async () => {
    await shop?.app.close();
    await fake?.close();
    await clearOrders(database.db);
    await clearCarts(database.db);
    time = Date.now();
    stripeAhead = 0;
  });
  after(async () => database?.close());
  time = Date.now();

  it('a retry 50 minutes after Stripe failed gets a fresh expiry (and order) that Stripe accepts', async () => {
    const { alice, fake } = await start();
    fake.failNext({ status: 500 }, 3);
    assert.equal((await alice.checkout()).headers.location, '/cart?notice=provider_unavailable');
    time += 50 * MINUTE;
    const retried = await alice.checkout();
    assert.match(retried.headers.location as string, /\/pay\/cs_test_/);
    assert.equal(
      sentExpiry(creates().length - 1),
      Math.ceil((time + 60 * MINUTE) / 1000),
      'CHECKOUT_TTL (1h) from the retry',
    );
    const orders = (await checkoutRows(database.db)).orders;
    assert.deepEqual(
      orders.map((order) => order.status).sort(),
      ['expired', 'pending'],
      'the stale order is closed, a fresh one is paid for',
    );
  });

  it('a retry 10 minutes after Stripe failed reuses the order and its expiry: one idempotency key', async () => {
    const { alice, fake } = await start();
    fake.failNext({ status: 500 }, 3);
    await alice.checkout();
    time += 10 * MINUTE;
    assert.match((await alice.checkout()).headers.location as string, /\/pay\/cs_test_/);
    assert.equal(new Set(creates().map((request) => request.idempotencyKey)).size, 1);
    assert.equal((await checkoutRows(database.db)).orders.length, 1);
  });

  it('CHECKOUT_TTL=30m with Stripe 1.5 s ahead (a slow request): accepted, 32 minutes out', async () => {
    stripeAhead = 1500;
    const { alice } = await start({ CHECKOUT_TTL: '30m' });
    assert.match((await alice.checkout()).headers.location as string, /\/pay\/cs_test_/);
    assert.equal(sentExpiry(0), Math.ceil((time + 32 * MINUTE) / 1000));
  });

  it('CHECKOUT_TTL=24h with Stripe 1.5 s behind: accepted, 2 minutes short of 24 hours', async () => {
    stripeAhead = -1500;
    const { alice } = await start({ CHECKOUT_TTL: '24h' });
    assert.match((await alice.checkout()).headers.location as string, /\/pay\/cs_test_/);
    assert.ok(
      sentExpiry(0) <= Math.floor((time - 1500) / 1000) + 24 * 60 * 60 - 60,
      'inside Stripe window with room to spare',
    );
  });

  it('a pending order whose session has run out gets a fresh order and session', async () => {
    const { alice, fake } = await start();
    const first = (await alice.checkout()).headers.location;
    time += 61 * MINUTE;
    const second = (await alice.checkout()).headers.location;
    assert.match(second as string, /\/pay\/cs_test_/);
    assert.notEqual(second, first);
    assert.equal(creates().length, 2);
    assert.ok(
      sentExpiry(1) >= Math.floor((time + stripeAhead) / 1000) + 30 * 60,
      'the fresh session is inside Stripe window',
    );
    assert.equal(fake.requests.filter((request) => request.status !== 200).length, 0);
    assert.deepEqual((await checkoutRows(database.db)).orders.map((order) => order.status).sort(), [
      'expired',
      'pending',
    ]);
  });
});
