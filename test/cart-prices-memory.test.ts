/**
 * A shown cart (/cart.js, the cart page, the header's count) takes its prices from memory per catalog version
 * (src/catalog/price-cache.ts): read once per version, never older than the version read with (or beside) the cart,
 * so a catalog change shows at once, without waiting for the version poll. The header counts only what can be bought.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bumpCatalogVersion } from '../src/catalog/catalog-version.js';
import { startTestShop, type TestShop } from './support/app.js';
import { cartApi, importCartCatalog } from './support/cart.js';
import type { TestDatabase } from './support/databases.js';
import { headerCount } from './support/http.js';
import { shopTargets, testRedisUrl } from './support/stores.js';

const targets = shopTargets();

for (const target of targets) {
  describe(`cart prices in memory per catalog version on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      shop = await startTestShop(database, { env: target.redis ? { REDIS_URL: await testRedisUrl() } : {} });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });
    const setTea = (values: { unit_amount?: number; active?: number }) =>
      values.unit_amount === undefined
        ? database.db.updateTable('products').set({ active: values.active! }).where('id', '=', 'prod_tea').execute()
        : database.db
            .updateTable('prices')
            .set({ unit_amount: values.unit_amount })
            .where('id', '=', 'price_tea')
            .execute();
    const tea = (cart: { items: Array<{ stripe_price_id: string; price_minor: number; available: boolean }> }) =>
      cart.items.find((item) => item.stripe_price_id === 'price_tea')!;

    it('reads prices once per catalog version, and shows a changed catalog at once when its version moves', async () => {
      const api = cartApi(shop);
      const { cookie } = await api.post('/cart/add.js', { id: 'prod_tea', quantity: 2 });
      await api.post('/cart/add.js', { id: 'prod_cup' }, cookie);
      assert.equal(tea((await api.get(cookie)).body).price_minor, 1200);

      // Every catalog change bumps the version in its own transaction; one that does not is not read again.
      await setTea({ unit_amount: 1500 });
      assert.equal(tea((await api.get(cookie)).body).price_minor, 1200, 'the version read: its prices, from memory');

      await bumpCatalogVersion(database.db);
      const repriced = (await api.get(cookie)).body;
      assert.deepEqual([tea(repriced).price_minor, repriced.total_price_minor], [1500, 2 * 1500 + 3000]);
      const page = await shop.app.inject({ url: '/cart', headers: { cookie: cookie! } });
      assert.match(page.body, /¥1,500/);
    });

    it('the header counts only what can be bought: a line no longer sold is left out once the version moves', async () => {
      const api = cartApi(shop);
      const { cookie } = await api.post('/cart/add.js', { id: 'prod_tea', quantity: 2 });
      await api.post('/cart/add.js', { id: 'prod_cup' }, cookie);
      const home = async () => headerCount((await shop.app.inject({ url: '/', headers: { cookie: cookie! } })).body);
      assert.equal(await home(), 3);

      await setTea({ active: 0 });
      await bumpCatalogVersion(database.db);
      const cart = (await api.get(cookie)).body;
      assert.deepEqual([cart.item_count, cart.unavailable_item_count, tea(cart).available], [1, 2, false]);
      if (!target.redis) assert.equal(await home(), 1, 'read with the cart: at once');
      else {
        // With carts in Redis the header follows the version this process polls (as the cached page it sits on does).
        for (const deadline = Date.now() + 10_000; (await home()) !== 1;) {
          assert.ok(Date.now() < deadline, 'the header still counts the line no longer sold');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      await setTea({ active: 1 });
      await bumpCatalogVersion(database.db);
    });
  });
}
