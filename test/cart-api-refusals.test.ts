/**
 * The JSON cart API's refusals on SQLite and PostgreSQL: each with its status, body, and an unchanged cart (no session
 * created by a refused first add), the line limit, and cross-site requests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CART_PRICES, CART_PRODUCTS, importCartCatalog, useCartApiShop } from './support/cart.js';
import { databaseTargets } from './support/databases.js';

for (const target of databaseTargets()) {
  describe(`cart JSON API refusals on ${target.name}`, { skip: target.skip }, () => {
    const { running, api, rows } = useCartApiShop(target);

    describe('refusals: status, body, and nothing changed', () => {
      const refusals: {
        name: string;
        path: string;
        body: unknown;
        status: number;
        code: string;
        description: RegExp;
        headers?: Record<string, string>;
      }[] = [
        {
          name: 'unknown id',
          path: '/cart/add.js',
          body: { items: [{ id: 'prod_nope', quantity: 1 }] },
          status: 404,
          code: 'product_not_found',
          description: /does not exist/,
        },
        {
          name: 'inactive product',
          path: '/cart/add.js',
          body: { items: [{ id: 'prod_gone' }] },
          status: 422,
          code: 'product_unavailable',
          description: /Old kettle is no longer sold/,
        },
        {
          name: 'inactive price of an active product',
          path: '/cart/add.js',
          body: { id: 'price_gone' },
          status: 422,
          code: 'product_unavailable',
          description: /no longer sold/,
        },
        {
          name: 'recurring price',
          path: '/cart/add.js',
          body: { id: 'price_sub' },
          status: 422,
          code: 'product_unavailable',
          description: /cannot be bought in the cart/,
        },
        {
          name: 'quantity 0',
          path: '/cart/add.js',
          body: { id: 'prod_tea', quantity: 0 },
          status: 422,
          code: 'quantity_out_of_range',
          description: /from 1 to 99/,
        },
        {
          name: 'quantity 100',
          path: '/cart/add.js',
          body: { id: 'prod_tea', quantity: 100 },
          status: 422,
          code: 'quantity_out_of_range',
          description: /from 1 to 99/,
        },
        {
          name: 'quantity 1.5',
          path: '/cart/add.js',
          body: { id: 'prod_tea', quantity: 1.5 },
          status: 422,
          code: 'quantity_out_of_range',
          description: /from 1 to 99/,
        },
        {
          name: 'quantity as an object',
          path: '/cart/add.js',
          body: { id: 'prod_tea', quantity: { n: 1 } },
          status: 422,
          code: 'quantity_out_of_range',
          description: /from 1 to 99/,
        },
        {
          name: 'one bad item among good ones',
          path: '/cart/add.js',
          body: { items: [{ id: 'prod_cup' }, { id: 'prod_nope' }] },
          status: 404,
          code: 'product_not_found',
          description: /does not exist/,
        },
        {
          name: 'line past 99 in a later item',
          path: '/cart/add.js',
          body: { items: [{ id: 'prod_cup' }, { id: 'prod_tea', quantity: 99 }] },
          status: 422,
          code: 'line_quantity_limit',
          description: /at most 99 of one item in your cart; you already have 1\./,
        },
        {
          // One add to an existing cart: on PostgreSQL the add's one statement refuses it (sql-cart-pg-add.ts).
          name: 'more of a line past 99',
          path: '/cart/add.js',
          body: { id: 'prod_tea', quantity: 99 },
          status: 422,
          code: 'line_quantity_limit',
          description: /^You can have at most 99 of one item in your cart; you already have 1\.$/,
        },
        {
          name: "priced only in another currency than the shop's",
          path: '/cart/add.js',
          body: { id: 'prod_usd' },
          status: 422,
          code: 'product_unavailable',
          description: /Dollar mug cannot be bought in the cart/,
        },
        {
          name: 'change an unknown line',
          path: '/cart/change.js',
          body: { id: 'price_cup', quantity: 1 },
          status: 400,
          code: 'line_not_found',
          description: /not in your cart/,
        },
        {
          name: 'change a line past the end',
          path: '/cart/change.js',
          body: { line: 2, quantity: 1 },
          status: 400,
          code: 'line_not_found',
          description: /not in your cart/,
        },
        {
          name: 'change to 100',
          path: '/cart/change.js',
          body: { id: 'price_tea', quantity: 100 },
          status: 422,
          code: 'quantity_out_of_range',
          description: /from 0 to 99/,
        },
        {
          name: 'change to -1',
          path: '/cart/change.js',
          body: { id: 'price_tea', quantity: -1 },
          status: 422,
          code: 'quantity_out_of_range',
          description: /from 0 to 99/,
        },
        {
          name: 'change without a quantity',
          path: '/cart/change.js',
          body: { id: 'price_tea' },
          status: 422,
          code: 'quantity_out_of_range',
          description: /from 0 to 99/,
        },
        {
          name: 'update with one bad quantity',
          path: '/cart/update.js',
          body: { updates: { price_tea: 5, price_cup_small: 'x' } },
          status: 422,
          code: 'quantity_out_of_range',
          description: /from 0 to 99/,
        },
        {
          name: 'update adding something unknown',
          path: '/cart/update.js',
          body: { updates: { price_tea: 5, price_nope: 1 } },
          status: 404,
          code: 'product_not_found',
          description: /does not exist/,
        },
        {
          name: "update adding a price in another currency than the shop's",
          path: '/cart/update.js',
          body: { updates: { price_usd: 1 } },
          status: 422,
          code: 'product_unavailable',
          description: /cannot be bought in the cart/,
        },
        {
          name: 'add without items',
          path: '/cart/add.js',
          body: { things: [] },
          status: 400,
          code: 'invalid_request',
          description: /items/,
        },
        {
          name: 'add with items not a list',
          path: '/cart/add.js',
          body: { items: 'prod_tea' },
          status: 400,
          code: 'invalid_request',
          description: /items/,
        },
        {
          name: 'add with 101 items',
          path: '/cart/add.js',
          body: { items: Array.from({ length: 101 }, () => ({ id: 'prod_tea' })) },
          status: 400,
          code: 'invalid_request',
          description: /1 to 100 items/,
        },
        {
          name: 'change naming no line',
          path: '/cart/change.js',
          body: { quantity: 1 },
          status: 400,
          code: 'invalid_request',
          description: /id .* or line/,
        },
        {
          name: 'update without updates',
          path: '/cart/update.js',
          body: { price_tea: 1 },
          status: 400,
          code: 'invalid_request',
          description: /updates/,
        },
        {
          name: 'malformed JSON',
          path: '/cart/add.js',
          body: '{"items": [',
          status: 400,
          code: 'malformed_json',
          description: /not valid JSON/,
        },
        {
          name: 'wrong content type',
          path: '/cart/add.js',
          body: 'id=prod_tea',
          status: 415,
          code: 'unsupported_media_type',
          description: /application\/json/,
          headers: { 'content-type': 'text/plain' },
        },
        {
          name: 'If-Match that is not a version',
          path: '/cart/add.js',
          body: { id: 'prod_tea' },
          status: 400,
          code: 'invalid_request',
          description: /If-Match/,
          headers: { 'if-match': 'abc' },
        },
      ];
      for (const refusal of refusals) {
        it(`${refusal.name}: ${refusal.status} ${refusal.code}`, async () => {
          const { cookie } = await api().post('/cart/add.js', { id: 'prod_tea' });
          const before = await rows();
          const {
            status,
            body,
            cookie: newCookie,
          } = await api().post(refusal.path, refusal.body, cookie, refusal.headers);
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
        await importCartCatalog(running.database.db, {
          products: [...CART_PRODUCTS, ...many],
          prices: [
            ...CART_PRICES,
            ...many.map((product, index) => ({
              id: `price_${index}`,
              product: product.id,
              amount: '100',
              currency: 'jpy',
            })),
          ],
        });
        const full = await api().post('/cart/add.js', {
          items: many.slice(0, 100).map((product) => ({ id: product.id })),
        });
        assert.equal(full.status, 200);
        assert.equal(full.body.items.length, 100);
        const before = await rows();
        const refused = await api().post('/cart/add.js', { id: 'prod_100' }, full.cookie);
        assert.equal(refused.status, 422);
        assert.equal(refused.body.code, 'cart_line_limit');
        assert.match(refused.body.description, /at most 100 different items/);
        assert.deepEqual(await rows(), before);
        const more = await api().post('/cart/add.js', { id: 'prod_0', quantity: 2 }, full.cookie);
        assert.equal(more.status, 200, 'more of a line already in a full cart is fine');
      });

      it('a refused first add creates no session', async () => {
        const { status, cookie } = await api().post('/cart/add.js', { id: 'prod_nope' });
        assert.equal(status, 404);
        assert.equal(cookie, undefined);
        assert.deepEqual(await rows(), { sessions: [], lines: [] });
      });

      it('a cross-site request is refused before it changes anything', async () => {
        const { cookie } = await api().post('/cart/add.js', { id: 'prod_tea' });
        const before = await rows();
        const { status, body } = await api().post('/cart/clear.js', {}, cookie, { 'sec-fetch-site': 'cross-site' });
        assert.equal(status, 403);
        assert.equal(body.status, 403);
        assert.deepEqual(await rows(), before);
      });
    });
  });
}
