/**
 * Lines that can no longer be bought (the product archived): the cart page lists them apart with their own count,
 * the header, the subtotal and /cart.js count only what can be bought, and checkout goes ahead without them (the
 * order and the Stripe Checkout Session hold only the buyable lines); they stay in the cart after payment.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { addCartPrices, cartApi } from './support/cart.js';
import { checkoutRows, resetCheckoutData, shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { parsePage } from './support/page.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';
import { headerCount } from './support/http.js';
import { bumpCatalogVersion } from '../src/catalog/catalog-version.js';

const KEY = 'sk_test_kago_unavailable_lines';

describe('lines no longer sold', () => {
  let database: TestDatabase;
  let shop: TestShop;
  let fake: FakeStripe;
  const rows = () => checkoutRows(database.db);
  /** Two teas, one cup, then the tea leaves the shop. */
  async function teaGone() {
    const alice = shopper(shop);
    await alice.add('prod_tea', 2);
    await alice.add('prod_cup', 1);
    await database.db.updateTable('products').set({ active: 0 }).where('id', '=', 'prod_tea').execute();
    await bumpCatalogVersion(database.db); // as every catalog change does: carts price by it
    return alice;
  }

  before(async () => {
    fake = await startFakeStripe();
    addCartPrices(fake);
    database = await databaseTargets()[0]!.open();
    shop = await startTestShop(database, {
      env: { STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: 'whsec_unavailable', STRIPE_API_URL: fake.url },
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

  it('are listed apart with their own count; header, subtotal and /cart.js count what can be bought', async () => {
    const alice = await teaGone();
    const body = (await alice.get('/cart')).body;
    const page = parsePage(body);
    assert.equal(headerCount(body), 1);
    assert.match(page.getByText(/^Subtotal/).textContent!, /^Subtotal \(1 item\): ¥3,000$/);
    const apart = page.getByRole('region', { name: 'No longer available (2 items)' });
    assert.match(apart.textContent!, /Sencha tea/);
    assert.doesNotMatch(apart.textContent!, /Tea cup/);
    assert.match(page.document.getElementById('cart-items')!.textContent!, /Tea cup/);
    assert.doesNotMatch(page.document.getElementById('cart-items')!.textContent!, /Sencha tea/);
    assert.match(
      page.getByText(/^Checkout leaves out/).textContent!,
      /Checkout leaves out the 2 items no longer available/,
    );
    const json = await cartApi(shop).get(alice.cookie);
    assert.equal(json.body.item_count, 1);
    assert.equal(json.body.items.length, 2, 'both lines are still in the cart');
    assert.equal(headerCount((await alice.get('/')).body), 1, 'every page counts the same');
  });

  it('checkout goes ahead without them: the order and the Stripe session hold only the cup; the tea stays in the cart', async () => {
    const alice = await teaGone();
    const started = await alice.checkout();
    assert.equal(started.statusCode, 303);
    const [order] = (await rows()).orders;
    assert.equal(order!.total_amount, 3000);
    const lines = await database.db.selectFrom('order_lines').select(['price_id', 'quantity']).execute();
    assert.deepEqual(
      lines.map((line) => [line.price_id, Number(line.quantity)]),
      [['price_cup', 1]],
    );
    const created = fake.requests.find((request) => request.path === '/v1/checkout/sessions')!;
    assert.deepEqual((created.params as { line_items: unknown }).line_items, [{ price: 'price_cup', quantity: '1' }]);
    assert.equal(started.headers.location, fake.sessions.get(order!.provider_session_id!)!.url);
    // Paid: what the order bought leaves the cart; the tea stays, still shown apart.
    fake.sessions.get(order!.provider_session_id!)!.payment_status = 'paid';
    fake.sessions.get(order!.provider_session_id!)!.status = 'complete';
    assert.equal((await alice.get(`/checkout/success?session_id=${order!.provider_session_id}`)).statusCode, 200);
    assert.deepEqual(
      (await rows()).lines.map((line) => [line.price_id, line.quantity]),
      [['price_tea', 2]],
    );
    const after = parsePage((await alice.get('/cart')).body);
    assert.ok(after.getByRole('region', { name: 'No longer available (2 items)' }));
    assert.equal(after.queryByRole('button', { name: 'Checkout' }), null, 'nothing left to check out');
  });

  it('a cart with nothing left to buy is refused with the reason, and nothing changes', async () => {
    const alice = shopper(shop);
    await alice.add('prod_tea', 2);
    await database.db.updateTable('products').set({ active: 0 }).where('id', '=', 'prod_tea').execute();
    await bumpCatalogVersion(database.db); // as every catalog change does: carts price by it
    const before = await rows();
    const refused = await alice.checkout();
    assert.deepEqual([refused.statusCode, refused.headers.location], [303, '/cart?notice=line_unavailable']);
    assert.deepEqual(await rows(), before);
    assert.equal(fake.requests.length, 0);
    const page = parsePage((await alice.get('/cart?notice=line_unavailable')).body);
    assert.match(page.getByRole('alert').textContent!, /None of the items in your cart can be bought any more/);
  });
});
