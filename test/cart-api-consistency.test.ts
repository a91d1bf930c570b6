/**
 * The JSON cart API keeps a cart true on SQLite and PostgreSQL: If-Match versions, prices that change under a cart
 * (amounts, archived prices, products no longer sold), and concurrent changes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CART_PRICES, CART_PRODUCTS, importCartCatalog, useCartApiShop } from './support/cart.js';
import { databaseTargets } from './support/databases.js';

for (const target of databaseTargets()) {
  describe(`cart JSON API versions, prices and concurrency on ${target.name}`, { skip: target.skip }, () => {
    const { running, api, rows } = useCartApiShop(target);

    describe('If-Match: <version>', () => {
      it('applies when the version is current, answers 412 with the current cart when stale', async () => {
        const first = await api().post('/cart/add.js', { id: 'prod_tea' }, undefined, { 'if-match': '0' });
        assert.equal(first.status, 200);
        assert.equal((await api().get(first.cookie)).body.version, 1);
        const current = await api().post('/cart/add.js', { id: 'prod_tea' }, first.cookie, { 'if-match': '"1"' });
        assert.equal(current.status, 200);
        assert.equal((await api().get(first.cookie)).body.version, 2);
        const before = await rows();
        for (const path of ['/cart/add.js', '/cart/change.js', '/cart/update.js', '/cart/clear.js']) {
          const body = path.endsWith('change.js')
            ? { id: 'price_tea', quantity: 9 }
            : path.endsWith('update.js')
              ? { updates: { price_tea: 9 } }
              : { id: 'prod_tea' };
          const stale = await api().post(path, body, first.cookie, { 'if-match': '1' });
          assert.equal(stale.status, 412, path);
          assert.equal(stale.body.code, 'cart_changed');
          assert.match(stale.body.description, /version 2/);
          assert.equal(stale.body.cart.version, 2);
          assert.equal(stale.body.cart.items[0].quantity, 2);
        }
        assert.deepEqual(await rows(), before);
        const unconditional = await api().post('/cart/change.js', { id: 'price_tea', quantity: 9 }, first.cookie);
        assert.equal(unconditional.status, 200, 'without If-Match a change applies as usual');
        const any = await api().post('/cart/change.js', { id: 'price_tea', quantity: 8 }, first.cookie, {
          'if-match': '*',
        });
        assert.equal(any.status, 200);
      });

      it('a shopper with no cart is at version 0', async () => {
        const stale = await api().post('/cart/add.js', { id: 'prod_tea' }, undefined, { 'if-match': '3' });
        assert.equal(stale.status, 412);
        assert.equal(stale.body.cart.version, 0);
        assert.equal(stale.cookie, undefined);
        assert.deepEqual(await rows(), { sessions: [], lines: [] });
      });
    });

    describe('prices stay true', () => {
      it('a changed amount shows the new price, with the old one, in totals from the catalog', async () => {
        const { cookie } = await api().post('/cart/add.js', { items: [{ id: 'prod_tea', quantity: 2 }] });
        await importCartCatalog(running.database.db, {
          prices: CART_PRICES.map((price) => (price.id === 'price_tea' ? { ...price, amount: '1500' } : price)),
        });
        const { body } = await api().get(cookie);
        assert.equal(body.items[0].price_minor, 1500);
        assert.equal(body.items[0].previous_price_minor, 1200);
        assert.equal(body.items[0].line_price_minor, 3000);
        assert.equal(body.total_price_minor, 3000);
        assert.equal(
          (await api().get(cookie)).body.items[0].previous_price_minor,
          1200,
          'reading JSON does not mark it seen',
        );
        const added = await api().post('/cart/add.js', { id: 'prod_tea' }, cookie);
        assert.equal(added.body.previous_price, null, 'adding at the new price means the shopper saw it');
      });

      it("a line whose price was archived moves to the product's new price (its only one)", async () => {
        const { cookie } = await api().post('/cart/add.js', { id: 'price_cup', quantity: 2 });
        await importCartCatalog(running.database.db, {
          prices: [
            ...CART_PRICES.filter((price) => !price.id.startsWith('price_cup')),
            {
              id: 'price_cup_2025',
              product: 'prod_cup',
              amount: '3300',
              currency: 'jpy',
              created: '2025-01-01 00:00:00',
            },
          ],
        });
        const { body } = await api().get(cookie);
        assert.deepEqual(
          [
            body.items[0].key.split(':')[0],
            body.items[0].stripe_price_id,
            body.items[0].price_minor,
            body.items[0].previous_price_minor,
            body.items[0].available,
            body.total_price_minor,
          ],
          [
            String(
              (
                await running.database.db
                  .selectFrom('prices')
                  .select('num_id')
                  .where('id', '=', 'price_cup')
                  .executeTakeFirstOrThrow()
              ).num_id,
            ),
            'price_cup_2025',
            3300,
            3000,
            true,
            6600,
          ],
        );
        const changed = await api().post('/cart/change.js', { id: 'price_cup_2025', quantity: 1 }, cookie);
        assert.equal(changed.body.items[0].quantity, 1, 'the line answers to the price it sells at too');
      });

      it('a product no longer sold is marked unavailable, left out of totals, and can only be removed', async () => {
        const { cookie } = await api().post('/cart/add.js', {
          items: [{ id: 'prod_tea', quantity: 2 }, { id: 'prod_cup' }],
        });
        await importCartCatalog(running.database.db, {
          products: CART_PRODUCTS.map((product) =>
            product.id === 'prod_tea' ? { ...product, active: false } : product,
          ),
        });
        const { body } = await api().get(cookie);
        assert.equal(body.items[0].available, false);
        assert.equal(body.total_price_minor, 3000);
        assert.equal(body.item_count, 1, 'the count is of what can be bought, as the subtotal');
        assert.equal(body.unavailable_item_count, 2, 'what cannot is counted apart');
        const before = await rows();
        const refused = await api().post('/cart/change.js', { id: 'price_tea', quantity: 3 }, cookie);
        assert.equal(refused.status, 422);
        assert.equal(refused.body.code, 'product_unavailable');
        assert.match(refused.body.description, /Sencha tea is no longer sold; you can remove it/);
        assert.deepEqual(await rows(), before);
        const removed = await api().post('/cart/change.js', { id: 'price_tea', quantity: 0 }, cookie);
        assert.equal(removed.status, 200);
        assert.deepEqual(
          removed.body.items.map((item: { stripe_price_id: string }) => item.stripe_price_id),
          ['price_cup'],
        );
      });
    });

    it('30 concurrent adds and changes on one cart: every add counted once, one version per change that changes something', async () => {
      const { cookie } = await api().post('/cart/add.js', { id: 'prod_tea' });
      const results = await Promise.all([
        ...Array.from({ length: 30 }, () => api().post('/cart/add.js', { id: 'prod_tea' }, cookie)),
        ...Array.from({ length: 5 }, () => api().post('/cart/update.js', { updates: { price_cup: 1 } }, cookie)),
      ]);
      assert.deepEqual(
        results.map((result) => result.status),
        Array(35).fill(200),
      );
      const { body } = await api().get(cookie);
      assert.deepEqual(
        body.items.map((item: { stripe_price_id: string; quantity: number }) => [item.stripe_price_id, item.quantity]),
        [
          ['price_tea', 31],
          ['price_cup', 1],
        ],
      );
      // 30 adds and the one update that added the cup; the other four set it to what it was.
      assert.equal(body.version, 32);
      // Each cart answer is the cart as read after its change: its own version or a later one, never an older one.
      for (const result of results.slice(30)) assert.ok(result.body.version >= 2 && result.body.version <= 32);
    });
  });
}
