/**
 * The JSON cart API (Shopify's Ajax Cart shape) on SQLite and PostgreSQL: every endpoint, every refusal with its
 * status, body and an unchanged cart, line merging, If-Match, prices that change under a cart, and concurrency.
 */
import assert from 'node:assert/strict';
import { lineKey } from '../src/cart/line-properties.js';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { cartApi, cartRows, CART_PRICES, CART_PRODUCTS, importCartCatalog } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

/** An empty cart of the test catalog (a JPY shop), as /cart.js answers it. */
const EMPTY_CART_JSON = {
  token: '', note: null, attributes: {}, original_total_price: 0, total_price: 0, total_discount: 0, total_weight: 0, item_count: 0, items: [],
  requires_shipping: false, currency: 'JPY', items_subtotal_price: 0, cart_level_discount_applications: [], version: 0, unavailable_item_count: 0, total_price_minor: 0, items_subtotal_price_minor: 0,
};

/** kago's own fields of a line item (Shopify's are checked in test/shopify-ids.test.ts and test/e2e/shopify-clients.test.ts). */
const kagoFields = (item: Record<string, unknown>) => ({
  // Keys start with the integer id of the price the line was added at (checked on its own where it matters).
  key: String(item.key).replace(/^\d+:/, 'N:'),
  properties: item.properties, stripe_price_id: item.stripe_price_id, stripe_product_id: item.stripe_product_id, title: item.title, quantity: item.quantity,
  price_minor: item.price_minor, line_price_minor: item.line_price_minor, previous_price_minor: item.previous_price_minor, available: item.available, image: item.image, handle: item.handle,
});

for (const target of databaseTargets()) {
  describe(`cart JSON API on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let api: ReturnType<typeof cartApi>;
    const rows = () => cartRows(database.db);

    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      shop = await startTestShop(database);
      api = cartApi(shop);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });
    beforeEach(async () => {
      await database.db.deleteFrom('cart_lines').execute();
      await database.db.deleteFrom('sessions').execute();
      await importCartCatalog(database.db);
    });

    it('GET /cart.js without a session: an empty cart, and no session is created', async () => {
      const { status, body, response } = await api.get();
      assert.equal(status, 200);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.match(body.token, /^[A-Za-z0-9_-]{32}$/, 'an empty cart has a token too');
      assert.deepEqual({ ...body, token: undefined }, { ...EMPTY_CART_JSON, token: undefined });
      assert.equal(response.headers['set-cookie'], undefined);
      assert.deepEqual(await rows(), { sessions: [], lines: [] });
    });

    it('add.js takes product and price ids, merges lines of one price, and answers {items} with the added lines', async () => {
      const first = await api.post('/cart/add.js', { items: [{ id: 'prod_tea', quantity: 2 }] });
      assert.equal(first.status, 200);
      assert.ok(first.cookie, 'the first add creates the session');
      const merged = await api.post('/cart/add.js', { items: [{ id: 'price_tea', quantity: 1 }, { id: 'price_cup_small', quantity: '3' }] }, first.cookie);
      assert.equal(merged.status, 200);
      assert.equal(merged.cookie, undefined);
      assert.deepEqual(merged.body.items.map(kagoFields), [
        { key: lineKey('N', ''), stripe_price_id: 'price_tea', stripe_product_id: 'prod_tea', title: 'Sencha tea', quantity: 3, properties: {}, price_minor: 1200, line_price_minor: 3600, previous_price_minor: null, available: true, image: null, handle: 'sencha-tea' },
        { key: lineKey('N', ''), stripe_price_id: 'price_cup_small', stripe_product_id: 'prod_cup', title: 'Tea cup', quantity: 3, properties: {}, price_minor: 1800, line_price_minor: 5400, previous_price_minor: null, available: true, image: null, handle: 'tea-cup' },
      ]);
      assert.ok(merged.body.items.every((item: { key: string; variant_id: number }) => item.key.startsWith(`${item.variant_id}:`)), 'keys are <variant id>:<hash>');
      assert.deepEqual(Object.keys(merged.body), ['items'], 'only the added lines');
      const cart = (await api.get(first.cookie)).body;
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
      assert.deepEqual(lines.map((line) => [line.price_id, line.quantity]), [['price_cup_small', 3], ['price_tea', 3]]);
    });

    it('add.js with a single {id, quantity} or form fields answers the line item, as JSON items answer it in {items}', async () => {
      const json = await api.post('/cart/add.js', { items: [{ id: 'prod_tea', quantity: 2 }] });
      const single = await api.post('/cart/add.js', { id: 'prod_tea', quantity: 2 });
      const form = await api.post('/cart/add.js', 'id=prod_tea&quantity=2', undefined, { 'content-type': 'application/x-www-form-urlencoded' });
      const defaulted = await api.post('/cart/add.js', 'id=prod_tea', undefined, { 'content-type': 'application/x-www-form-urlencoded' });
      assert.deepEqual(single.body, json.body.items[0]);
      assert.deepEqual(form.body, json.body.items[0]);
      assert.equal(json.body.items[0].quantity, 2);
      assert.equal(defaulted.body.quantity, 1);
      assert.equal(defaulted.body.key, lineKey(String(defaulted.body.variant_id), ''));
      assert.equal(defaulted.body.stripe_price_id, 'price_tea');
    });

    it('change.js sets a line by key, by price id or by position; 0 removes it', async () => {
      const { cookie } = await api.post('/cart/add.js', { items: [{ id: 'prod_tea' }, { id: 'prod_cup', quantity: 2 }] });
      const byKey = await api.post('/cart/change.js', { id: 'price_tea', quantity: 5 }, cookie);
      assert.equal(byKey.status, 200);
      assert.deepEqual(byKey.body.items.map((item: { stripe_price_id: string; quantity: number }) => [item.stripe_price_id, item.quantity]), [['price_tea', 5], ['price_cup', 2]]);
      const byLine = await api.post('/cart/change.js', { line: 2, quantity: 4 }, cookie);
      assert.equal(byLine.body.items[1].quantity, 4);
      const form = await api.post('/cart/change.js', 'line=1&quantity=0', cookie, { 'content-type': 'application/x-www-form-urlencoded' });
      assert.deepEqual(form.body.items.map((item: { stripe_price_id: string }) => item.stripe_price_id), ['price_cup']);
      assert.equal(form.body.version, 4);
      assert.deepEqual((await rows()).lines.map((line) => [line.price_id, line.quantity]), [['price_cup', 4]]);
    });

    it('update.js sets many lines at once, removes with 0, and adds ids not yet in the cart (as Shopify does)', async () => {
      const { cookie } = await api.post('/cart/add.js', { items: [{ id: 'prod_tea' }, { id: 'prod_cup' }] });
      const updated = await api.post('/cart/update.js', { updates: { price_tea: 3, price_cup: 0, price_cup_small: 2, price_never_mind: 0 } }, cookie);
      assert.equal(updated.status, 200);
      assert.deepEqual(updated.body.items.map((item: { stripe_price_id: string; quantity: number }) => [item.stripe_price_id, item.quantity]), [['price_tea', 3], ['price_cup_small', 2]]);
      const form = await api.post('/cart/update.js', 'updates%5Bprice_tea%5D=1&updates%5Bprice_cup_small%5D=5', cookie, { 'content-type': 'application/x-www-form-urlencoded' });
      assert.deepEqual(form.body.items.map((item: { quantity: number }) => item.quantity), [1, 5]);
      assert.equal(form.body.version, 3);
    });

    it('clear.js empties the cart and bumps the version; without a session it creates none', async () => {
      const { cookie } = await api.post('/cart/add.js', { items: [{ id: 'prod_tea' }, { id: 'prod_cup' }] });
      const cleared = await api.post('/cart/clear.js', {}, cookie);
      assert.equal(cleared.status, 200);
      assert.equal(cleared.body.item_count, 0);
      assert.deepEqual(cleared.body.items, []);
      assert.equal(cleared.body.version, 2);
      assert.equal((await rows()).lines.length, 0);
      const anonymous = await api.post('/cart/clear.js', '', undefined, { 'content-type': 'application/x-www-form-urlencoded' });
      assert.equal(anonymous.status, 200);
      assert.equal(anonymous.cookie, undefined);
      assert.equal((await rows()).sessions.length, 1);
    });

    describe('refusals: status, body, and nothing changed', () => {
      const refusals: { name: string; path: string; body: unknown; status: number; code: string; description: RegExp; headers?: Record<string, string> }[] = [
        { name: 'unknown id', path: '/cart/add.js', body: { items: [{ id: 'prod_nope', quantity: 1 }] }, status: 404, code: 'product_not_found', description: /does not exist/ },
        { name: 'inactive product', path: '/cart/add.js', body: { items: [{ id: 'prod_gone' }] }, status: 422, code: 'product_unavailable', description: /Old kettle is no longer sold/ },
        { name: 'inactive price of an active product', path: '/cart/add.js', body: { id: 'price_gone' }, status: 422, code: 'product_unavailable', description: /no longer sold/ },
        { name: 'recurring price', path: '/cart/add.js', body: { id: 'price_sub' }, status: 422, code: 'product_unavailable', description: /cannot be bought in the cart/ },
        { name: 'quantity 0', path: '/cart/add.js', body: { id: 'prod_tea', quantity: 0 }, status: 422, code: 'quantity_out_of_range', description: /from 1 to 99/ },
        { name: 'quantity 100', path: '/cart/add.js', body: { id: 'prod_tea', quantity: 100 }, status: 422, code: 'quantity_out_of_range', description: /from 1 to 99/ },
        { name: 'quantity 1.5', path: '/cart/add.js', body: { id: 'prod_tea', quantity: 1.5 }, status: 422, code: 'quantity_out_of_range', description: /from 1 to 99/ },
        { name: 'quantity as an object', path: '/cart/add.js', body: { id: 'prod_tea', quantity: { n: 1 } }, status: 422, code: 'quantity_out_of_range', description: /from 1 to 99/ },
        { name: 'one bad item among good ones', path: '/cart/add.js', body: { items: [{ id: 'prod_cup' }, { id: 'prod_nope' }] }, status: 404, code: 'product_not_found', description: /does not exist/ },
        { name: 'line past 99 in a later item', path: '/cart/add.js', body: { items: [{ id: 'prod_cup' }, { id: 'prod_tea', quantity: 99 }] }, status: 422, code: 'line_quantity_limit', description: /at most 99 of one item in your cart; you already have 1\./ },
        { name: 'priced only in another currency than the shop\'s', path: '/cart/add.js', body: { id: 'prod_usd' }, status: 422, code: 'product_unavailable', description: /Dollar mug cannot be bought in the cart/ },
        { name: 'change an unknown line', path: '/cart/change.js', body: { id: 'price_cup', quantity: 1 }, status: 400, code: 'line_not_found', description: /not in your cart/ },
        { name: 'change a line past the end', path: '/cart/change.js', body: { line: 2, quantity: 1 }, status: 400, code: 'line_not_found', description: /not in your cart/ },
        { name: 'change to 100', path: '/cart/change.js', body: { id: 'price_tea', quantity: 100 }, status: 422, code: 'quantity_out_of_range', description: /from 0 to 99/ },
        { name: 'change to -1', path: '/cart/change.js', body: { id: 'price_tea', quantity: -1 }, status: 422, code: 'quantity_out_of_range', description: /from 0 to 99/ },
        { name: 'change without a quantity', path: '/cart/change.js', body: { id: 'price_tea' }, status: 422, code: 'quantity_out_of_range', description: /from 0 to 99/ },
        { name: 'update with one bad quantity', path: '/cart/update.js', body: { updates: { price_tea: 5, price_cup_small: 'x' } }, status: 422, code: 'quantity_out_of_range', description: /from 0 to 99/ },
        { name: 'update adding something unknown', path: '/cart/update.js', body: { updates: { price_tea: 5, price_nope: 1 } }, status: 404, code: 'product_not_found', description: /does not exist/ },
        { name: 'update adding a price in another currency than the shop\'s', path: '/cart/update.js', body: { updates: { price_usd: 1 } }, status: 422, code: 'product_unavailable', description: /cannot be bought in the cart/ },
        { name: 'add without items', path: '/cart/add.js', body: { things: [] }, status: 400, code: 'invalid_request', description: /items/ },
        { name: 'add with items not a list', path: '/cart/add.js', body: { items: 'prod_tea' }, status: 400, code: 'invalid_request', description: /items/ },
        { name: 'add with 101 items', path: '/cart/add.js', body: { items: Array.from({ length: 101 }, () => ({ id: 'prod_tea' })) }, status: 400, code: 'invalid_request', description: /1 to 100 items/ },
        { name: 'change naming no line', path: '/cart/change.js', body: { quantity: 1 }, status: 400, code: 'invalid_request', description: /id .* or line/ },
        { name: 'update without updates', path: '/cart/update.js', body: { price_tea: 1 }, status: 400, code: 'invalid_request', description: /updates/ },
        { name: 'malformed JSON', path: '/cart/add.js', body: '{"items": [', status: 400, code: 'malformed_json', description: /not valid JSON/ },
        { name: 'wrong content type', path: '/cart/add.js', body: 'id=prod_tea', status: 415, code: 'unsupported_media_type', description: /application\/json/, headers: { 'content-type': 'text/plain' } },
        { name: 'If-Match that is not a version', path: '/cart/add.js', body: { id: 'prod_tea' }, status: 400, code: 'invalid_request', description: /If-Match/, headers: { 'if-match': 'abc' } },
      ];
      for (const refusal of refusals) {
        it(`${refusal.name}: ${refusal.status} ${refusal.code}`, async () => {
          const { cookie } = await api.post('/cart/add.js', { id: 'prod_tea' });
          const before = await rows();
          const { status, body, cookie: newCookie } = await api.post(refusal.path, refusal.body, cookie, refusal.headers);
          assert.equal(status, refusal.status);
          assert.deepEqual(Object.keys(body).sort(), ['code', 'description', 'message', 'status']);
          assert.equal(body.status, refusal.status);
          assert.equal(body.code, refusal.code);
          assert.match(body.description, refusal.description);
          assert.ok(body.message.length > 0);
          assert.equal(newCookie, undefined);
          assert.deepEqual(await rows(), before);
        });
      }

      it('the 101st different item: 422 cart_line_limit, nothing changed', async () => {
        const many = Array.from({ length: 101 }, (_, index) => ({ id: `prod_${index}`, name: `Item ${index}` }));
        await importCartCatalog(database.db, {
          products: [...CART_PRODUCTS, ...many],
          prices: [...CART_PRICES, ...many.map((product, index) => ({ id: `price_${index}`, product: product.id, amount: '100', currency: 'jpy' }))],
        });
        const full = await api.post('/cart/add.js', { items: many.slice(0, 100).map((product) => ({ id: product.id })) });
        assert.equal(full.status, 200);
        assert.equal(full.body.items.length, 100);
        const before = await rows();
        const refused = await api.post('/cart/add.js', { id: 'prod_100' }, full.cookie);
        assert.equal(refused.status, 422);
        assert.equal(refused.body.code, 'cart_line_limit');
        assert.match(refused.body.description, /at most 100 different items/);
        assert.deepEqual(await rows(), before);
        const more = await api.post('/cart/add.js', { id: 'prod_0', quantity: 2 }, full.cookie);
        assert.equal(more.status, 200, 'more of a line already in a full cart is fine');
      });

      it('a refused first add creates no session', async () => {
        const { status, cookie } = await api.post('/cart/add.js', { id: 'prod_nope' });
        assert.equal(status, 404);
        assert.equal(cookie, undefined);
        assert.deepEqual(await rows(), { sessions: [], lines: [] });
      });

      it('a cross-site request is refused before it changes anything', async () => {
        const { cookie } = await api.post('/cart/add.js', { id: 'prod_tea' });
        const before = await rows();
        const { status, body } = await api.post('/cart/clear.js', {}, cookie, { 'sec-fetch-site': 'cross-site' });
        assert.equal(status, 403);
        assert.equal(body.status, 403);
        assert.deepEqual(await rows(), before);
      });
    });

    describe('If-Match: <version>', () => {
      it('applies when the version is current, answers 412 with the current cart when stale', async () => {
        const first = await api.post('/cart/add.js', { id: 'prod_tea' }, undefined, { 'if-match': '0' });
        assert.equal(first.status, 200);
        assert.equal((await api.get(first.cookie)).body.version, 1);
        const current = await api.post('/cart/add.js', { id: 'prod_tea' }, first.cookie, { 'if-match': '"1"' });
        assert.equal(current.status, 200);
        assert.equal((await api.get(first.cookie)).body.version, 2);
        const before = await rows();
        for (const path of ['/cart/add.js', '/cart/change.js', '/cart/update.js', '/cart/clear.js']) {
          const body = path.endsWith('change.js') ? { id: 'price_tea', quantity: 9 } : path.endsWith('update.js') ? { updates: { price_tea: 9 } } : { id: 'prod_tea' };
          const stale = await api.post(path, body, first.cookie, { 'if-match': '1' });
          assert.equal(stale.status, 412, path);
          assert.equal(stale.body.code, 'cart_changed');
          assert.match(stale.body.description, /version 2/);
          assert.equal(stale.body.cart.version, 2);
          assert.equal(stale.body.cart.items[0].quantity, 2);
        }
        assert.deepEqual(await rows(), before);
        const unconditional = await api.post('/cart/change.js', { id: 'price_tea', quantity: 9 }, first.cookie);
        assert.equal(unconditional.status, 200, 'without If-Match a change applies as usual');
        const any = await api.post('/cart/change.js', { id: 'price_tea', quantity: 8 }, first.cookie, { 'if-match': '*' });
        assert.equal(any.status, 200);
      });

      it('a shopper with no cart is at version 0', async () => {
        const stale = await api.post('/cart/add.js', { id: 'prod_tea' }, undefined, { 'if-match': '3' });
        assert.equal(stale.status, 412);
        assert.equal(stale.body.cart.version, 0);
        assert.equal(stale.cookie, undefined);
        assert.deepEqual(await rows(), { sessions: [], lines: [] });
      });
    });

    describe('prices stay true', () => {
      it('a changed amount shows the new price, with the old one, in totals from the catalog', async () => {
        const { cookie } = await api.post('/cart/add.js', { items: [{ id: 'prod_tea', quantity: 2 }] });
        await importCartCatalog(database.db, { prices: CART_PRICES.map((price) => (price.id === 'price_tea' ? { ...price, amount: '1500' } : price)) });
        const { body } = await api.get(cookie);
        assert.equal(body.items[0].price_minor, 1500);
        assert.equal(body.items[0].previous_price_minor, 1200);
        assert.equal(body.items[0].line_price_minor, 3000);
        assert.equal(body.total_price_minor, 3000);
        assert.equal((await api.get(cookie)).body.items[0].previous_price_minor, 1200, 'reading JSON does not mark it seen');
        const added = await api.post('/cart/add.js', { id: 'prod_tea' }, cookie);
        assert.equal(added.body.previous_price, null, 'adding at the new price means the shopper saw it');
      });

      it('a line whose price was archived moves to the product\'s new price (its only one)', async () => {
        const { cookie } = await api.post('/cart/add.js', { id: 'price_cup', quantity: 2 });
        await importCartCatalog(database.db, {
          prices: [...CART_PRICES.filter((price) => !price.id.startsWith('price_cup')), { id: 'price_cup_2025', product: 'prod_cup', amount: '3300', currency: 'jpy', created: '2025-01-01 00:00:00' }],
        });
        const { body } = await api.get(cookie);
        assert.deepEqual(
          [body.items[0].key.split(':')[0], body.items[0].stripe_price_id, body.items[0].price_minor, body.items[0].previous_price_minor, body.items[0].available, body.total_price_minor],
          [String((await database.db.selectFrom('prices').select('num_id').where('id', '=', 'price_cup').executeTakeFirstOrThrow()).num_id), 'price_cup_2025', 3300, 3000, true, 6600],
        );
        const changed = await api.post('/cart/change.js', { id: 'price_cup_2025', quantity: 1 }, cookie);
        assert.equal(changed.body.items[0].quantity, 1, 'the line answers to the price it sells at too');
      });

      it('a product no longer sold is marked unavailable, left out of totals, and can only be removed', async () => {
        const { cookie } = await api.post('/cart/add.js', { items: [{ id: 'prod_tea', quantity: 2 }, { id: 'prod_cup' }] });
        await importCartCatalog(database.db, { products: CART_PRODUCTS.map((product) => (product.id === 'prod_tea' ? { ...product, active: false } : product)) });
        const { body } = await api.get(cookie);
        assert.equal(body.items[0].available, false);
        assert.equal(body.total_price_minor, 3000);
        assert.equal(body.item_count, 1, 'the count is of what can be bought, as the subtotal');
        assert.equal(body.unavailable_item_count, 2, 'what cannot is counted apart');
        const before = await rows();
        const refused = await api.post('/cart/change.js', { id: 'price_tea', quantity: 3 }, cookie);
        assert.equal(refused.status, 422);
        assert.equal(refused.body.code, 'product_unavailable');
        assert.match(refused.body.description, /Sencha tea is no longer sold; you can remove it/);
        assert.deepEqual(await rows(), before);
        const removed = await api.post('/cart/change.js', { id: 'price_tea', quantity: 0 }, cookie);
        assert.equal(removed.status, 200);
        assert.deepEqual(removed.body.items.map((item: { stripe_price_id: string }) => item.stripe_price_id), ['price_cup']);
      });
    });

    it('30 concurrent adds and changes on one cart: every add counted once, one version per change that changes something', async () => {
      const { cookie } = await api.post('/cart/add.js', { id: 'prod_tea' });
      const results = await Promise.all([
        ...Array.from({ length: 30 }, () => api.post('/cart/add.js', { id: 'prod_tea' }, cookie)),
        ...Array.from({ length: 5 }, () => api.post('/cart/update.js', { updates: { price_cup: 1 } }, cookie)),
      ]);
      assert.deepEqual(results.map((result) => result.status), Array(35).fill(200));
      const { body } = await api.get(cookie);
      assert.deepEqual(body.items.map((item: { stripe_price_id: string; quantity: number }) => [item.stripe_price_id, item.quantity]), [['price_tea', 31], ['price_cup', 1]]);
      // 30 adds and the one update that added the cup; the other four set it to what it was.
      assert.equal(body.version, 32);
      // Each cart answer is the cart as read after its change: its own version or a later one, never an older one.
      for (const result of results.slice(30)) assert.ok(result.body.version >= 2 && result.body.version <= 32);
    });
  });
}
