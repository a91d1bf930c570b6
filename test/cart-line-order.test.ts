/**
 * A cart's lines in the order they were added, through HTTP, on a shop whose clock does not move: a script adding
 * items in a row (a theme's, an app's API client) sends adds within one millisecond, and Shopify's `line=N` (the
 * 1-based place in /cart.js) must name the line that client added N-th, on every store. The stores' own contract:
 * test/store-contract-commands.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { cartApi, importCartCatalog } from './support/cart.js';
import type { TestDatabase } from './support/databases.js';
import { shopTargets, testRedisUrl } from './support/stores.js';

const targets = shopTargets();

interface CartItem {
  stripe_price_id: string;
  quantity: number;
}

for (const target of targets) {
  describe(`lines added within one millisecond, through HTTP, on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      // The present (Redis expires sessions by its own clock), and it does not move: every add in one millisecond.
      const frozen = Date.now();
      shop = await startTestShop(database, {
        env: target.redis ? { REDIS_URL: await testRedisUrl() } : {},
        deps: { now: () => frozen },
      });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });
    const items = (body: { items: CartItem[] }) => body.items.map((item) => [item.stripe_price_id, item.quantity]);

    it('line=2 after two adds changes the second item added', async () => {
      const api = cartApi(shop);
      // Tea, then a cup: by price id the cup would come first.
      const { cookie } = await api.post('/cart/add.js', { id: 'price_tea' });
      await api.post('/cart/add.js', { id: 'price_cup' }, cookie);
      const changed = await api.post('/cart/change.js', { line: 2, quantity: 3 }, cookie);
      assert.equal(changed.status, 200);
      assert.deepEqual(items(changed.body), [
        ['price_tea', 1],
        ['price_cup', 3],
      ]);
      assert.deepEqual(items((await api.get(cookie)).body), items(changed.body));
    });

    it('several items in one add.js, then another add: listed as sent; line=N removes the N-th', async () => {
      const api = cartApi(shop);
      const { cookie } = await api.post('/cart/add.js', {
        items: [{ id: 'price_tea' }, { id: 'price_cup_small', quantity: 2 }],
      });
      await api.post('/cart/add.js', { id: 'price_cup' }, cookie);
      assert.deepEqual(items((await api.get(cookie)).body), [
        ['price_tea', 1],
        ['price_cup_small', 2],
        ['price_cup', 1],
      ]);
      const removed = await api.post('/cart/change.js', { line: 2, quantity: 0 }, cookie);
      assert.equal(removed.status, 200);
      assert.deepEqual(items(removed.body), [
        ['price_tea', 1],
        ['price_cup', 1],
      ]);
    });
  });
}
