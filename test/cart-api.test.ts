/**
 * The JSON cart API (Shopify's Ajax Cart shape) on SQLite and PostgreSQL: every endpoint and line merging.
 * Refusals: test/cart-api-refusals.test.ts; If-Match, prices that change under a cart and concurrency:
 * test/cart-api-consistency.test.ts.
 */
import assert from 'node:assert/strict';
import { lineKey } from '../src/cart/line-properties.js';
import { describe, it } from 'node:test';
import { useCartApiShop } from './support/cart.js';
import { databaseTargets } from './support/databases.js';

/** An empty cart of the test catalog (a JPY shop), as /cart.js answers it. */
const EMPTY_CART_JSON = {
  token: '',
  note: null,
  attributes: {},
  original_total_price: 0,
  total_price: 0,
  total_discount: 0,
  total_weight: 0,
  item_count: 0,
  items: [],
  requires_shipping: false,
  currency: 'JPY',
  items_subtotal_price: 0,
  cart_level_discount_applications: [],
  version: 0,
  unavailable_item_count: 0,
  total_price_minor: 0,
  items_subtotal_price_minor: 0,
};

/** kago's own fields of a line item (Shopify's are checked in test/shopify-ids.test.ts and test/e2e/shopify-clients.test.ts). */
const kagoFields = (item: Record<string, unknown>) => ({
  // Keys start with the integer id of the price the line was added at (checked on its own where it matters).
  key: String(item.key).replace(/^\d+:/, 'N:'),
  properties: item.properties,
  stripe_price_id: item.stripe_price_id,
  stripe_product_id: item.stripe_product_id,
  title: item.title,
  quantity: item.quantity,
  price_minor: item.price_minor,
  line_price_minor: item.line_price_minor,
  previous_price_minor: item.previous_price_minor,
  available: item.available,
  image: item.image,
  handle: item.handle,
});

for (const target of databaseTargets()) {
  describe(`cart JSON API on ${target.name}`, { skip: target.skip }, () => {
    const { api, rows } = useCartApiShop(target);

    it('GET /cart.js without a session: an empty cart, and no session is created', async () => {
      const { status, body, response } = await api().get();
      assert.equal(status, 200);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.match(body.token, /^[A-Za-z0-9_-]{32}$/, 'an empty cart has a token too');
      assert.deepEqual({ ...body, token: undefined }, { ...EMPTY_CART_JSON, token: undefined });
      assert.equal(response.headers['set-cookie'], undefined);
      assert.deepEqual(await rows(), { sessions: [], lines: [] });
    });

    it('add.js takes product and price ids, merges lines of one price, and answers {items} with the added lines', async () => {
      const first = await api().post('/cart/add.js', { items: [{ id: 'prod_tea', quantity: 2 }] });
      assert.equal(first.status, 200);
      assert.ok(first.cookie, 'the first add creates the session');
      const merged = await api().post(
        '/cart/add.js',
        {
          items: [
            { id: 'price_tea', quantity: 1 },
            { id: 'price_cup_small', quantity: '3' },
          ],
        },
        first.cookie,
      );
      assert.equal(merged.status, 200);
      assert.equal(merged.cookie, undefined);
      assert.deepEqual(merged.body.items.map(kagoFields), [
        {
          key: lineKey('N', ''),
          stripe_price_id: 'price_tea',
          stripe_product_id: 'prod_tea',
          title: 'Sencha tea',
          quantity: 3,
          properties: {},
          price_minor: 1200,
          line_price_minor: 3600,
          previous_price_minor: null,
          available: true,
          image: null,
          handle: 'sencha-tea',
        },
        {
          key: lineKey('N', ''),
          stripe_price_id: 'price_cup_small',
          stripe_product_id: 'prod_cup',
          title: 'Tea cup',
          quantity: 3,
          properties: {},
          price_minor: 1800,
          line_price_minor: 5400,
          previous_price_minor: null,
          available: true,
          image: null,
          handle: 'tea-cup',
        },
      ]);
      assert.ok(
        merged.body.items.every((item: { key: string; variant_id: number }) =>
          item.key.startsWith(`${item.variant_id}:`),
        ),
        'keys are <variant id>:<hash>',
      );
      assert.deepEqual(Object.keys(merged.body), ['items'], 'only the added lines');
      const cart = (await api().get(first.cookie)).body;
      assert.equal(cart.item_count, 6);
      assert.equal(cart.total_price_minor, 9000);
      assert.equal(cart.items_subtotal_price_minor, 9000);
      assert.equal(cart.currency, 'JPY');
      assert.equal(cart.version, 2);
      assert.match(cart.token, /^[A-Za-z0-9_-]{32}$/);
      const { sessions, lines } = await rows();
      assert.equal(sessions.length, 1);
      assert.notEqual(cart.token, sessions[0]!.id, 'the token is not the session id');
      assert.deepEqual(cart.items, merged.body.items, 'GET /cart.js answers the same lines');
      assert.deepEqual(
        lines.map((line) => [line.price_id, line.quantity]),
        [
          ['price_cup_small', 3],
          ['price_tea', 3],
        ],
      );
    });

    it('add.js with a single {id, quantity} or form fields answers the line item, as JSON items answer it in {items}', async () => {
      const json = await api().post('/cart/add.js', { items: [{ id: 'prod_tea', quantity: 2 }] });
      const single = await api().post('/cart/add.js', { id: 'prod_tea', quantity: 2 });
      const form = await api().post('/cart/add.js', 'id=prod_tea&quantity=2', undefined, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      const defaulted = await api().post('/cart/add.js', 'id=prod_tea', undefined, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      assert.deepEqual(single.body, json.body.items[0]);
      assert.deepEqual(form.body, json.body.items[0]);
      assert.equal(json.body.items[0].quantity, 2);
      assert.equal(defaulted.body.quantity, 1);
      assert.equal(defaulted.body.key, lineKey(String(defaulted.body.variant_id), ''));
      assert.equal(defaulted.body.stripe_price_id, 'price_tea');
    });

    it('change.js sets a line by key, by price id or by position; 0 removes it', async () => {
      const { cookie } = await api().post('/cart/add.js', {
        items: [{ id: 'prod_tea' }, { id: 'prod_cup', quantity: 2 }],
      });
      const byKey = await api().post('/cart/change.js', { id: 'price_tea', quantity: 5 }, cookie);
      assert.equal(byKey.status, 200);
      assert.deepEqual(
        byKey.body.items.map((item: { stripe_price_id: string; quantity: number }) => [
          item.stripe_price_id,
          item.quantity,
        ]),
        [
          ['price_tea', 5],
          ['price_cup', 2],
        ],
      );
      const byLine = await api().post('/cart/change.js', { line: 2, quantity: 4 }, cookie);
      assert.equal(byLine.body.items[1].quantity, 4);
      const form = await api().post('/cart/change.js', 'line=1&quantity=0', cookie, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      assert.deepEqual(
        form.body.items.map((item: { stripe_price_id: string }) => item.stripe_price_id),
        ['price_cup'],
      );
      assert.equal(form.body.version, 4);
      assert.deepEqual(
        (await rows()).lines.map((line) => [line.price_id, line.quantity]),
        [['price_cup', 4]],
      );
    });

    it('update.js sets many lines at once, removes with 0, and adds ids not yet in the cart (as Shopify does)', async () => {
      const { cookie } = await api().post('/cart/add.js', { items: [{ id: 'prod_tea' }, { id: 'prod_cup' }] });
      const updated = await api().post(
        '/cart/update.js',
        { updates: { price_tea: 3, price_cup: 0, price_cup_small: 2, price_never_mind: 0 } },
        cookie,
      );
      assert.equal(updated.status, 200);
      assert.deepEqual(
        updated.body.items.map((item: { stripe_price_id: string; quantity: number }) => [
          item.stripe_price_id,
          item.quantity,
        ]),
        [
          ['price_tea', 3],
          ['price_cup_small', 2],
        ],
      );
      const form = await api().post(
        '/cart/update.js',
        'updates%5Bprice_tea%5D=1&updates%5Bprice_cup_small%5D=5',
        cookie,
        { 'content-type': 'application/x-www-form-urlencoded' },
      );
      assert.deepEqual(
        form.body.items.map((item: { quantity: number }) => item.quantity),
        [1, 5],
      );
      assert.equal(form.body.version, 3);
    });

    it('clear.js empties the cart and bumps the version; without a session it creates none', async () => {
      const { cookie } = await api().post('/cart/add.js', { items: [{ id: 'prod_tea' }, { id: 'prod_cup' }] });
      const cleared = await api().post('/cart/clear.js', {}, cookie);
      assert.equal(cleared.status, 200);
      assert.equal(cleared.body.item_count, 0);
      assert.deepEqual(cleared.body.items, []);
      assert.equal(cleared.body.version, 2);
      assert.equal((await rows()).lines.length, 0);
      const anonymous = await api().post('/cart/clear.js', '', undefined, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      assert.equal(anonymous.status, 200);
      assert.equal(anonymous.cookie, undefined);
      assert.equal((await rows()).sessions.length, 1);
    });
  });
}
