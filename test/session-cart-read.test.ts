/**
 * A request that shows a cart (GET /cart.js, the catalog page's header count) reads its session with the cart, in
 * the cart's one statement on SQL (src/cart/sql-cart-read.ts), instead of looking the session up first: counted
 * through the stores the shop is given. When the shop keeps a view of that cart at the versions read (the view of
 * the change's own answer, src/cart/kept-views.ts), it reads only the versions, one row. The session still rolls
 * forward and still ends, as with the lookup.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { cartApi, cartState, importCartCatalog } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { headerCount, sessionSetCookie } from './support/http.js';

const HOUR = 3_600_000;

for (const target of databaseTargets()) {
  describe(`a shown cart reads its session with it on ${target.name}`, { skip: target.skip }, () => {
    const start = Date.UTC(2026, 0, 1);
    let clock = start;
    const calls = { find: 0, cartReads: 0, versionReads: 0 };
    let database: TestDatabase;
    let shop: TestShop;
    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      shop = await startTestShop(database, {
        deps: {
          now: () => clock,
          wrapStores: (stores) => ({
            ...stores,
            sessions: {
              ...stores.sessions,
              find: (...args) => (calls.find++, stores.sessions.find(...args)),
            },
            carts: {
              ...stores.carts,
              readWithCatalogVersion: (sessionId) => (
                calls.cartReads++,
                stores.carts.readWithCatalogVersion!(sessionId)
              ),
              readShownVersions: (sessionId) => (calls.versionReads++, stores.carts.readShownVersions!(sessionId)),
            },
          }),
        },
      });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });
    beforeEach(() => {
      clock = start;
    });

    const sessionIds = async () => new Set((await cartState(database.db)).sessions.map((session) => session.id));

    /** A cart of three items in a session of its own, and the calls counted from there on. */
    async function cartOfThree() {
      const api = cartApi(shop);
      const earlier = await sessionIds();
      const { cookie } = await api.post('/cart/add.js', { id: 'prod_tea', quantity: 2 });
      await api.post('/cart/add.js', { id: 'prod_cup' }, cookie);
      Object.assign(calls, { find: 0, cartReads: 0, versionReads: 0 });
      const sessionId = [...(await sessionIds())].find((id) => !earlier.has(id))!;
      return { api, cookie: cookie!, sessionId };
    }

    it('/cart.js and the catalog page read the versions of the cart just changed, with no session lookup', async () => {
      const { api, cookie } = await cartOfThree();
      const shown = await api.get(cookie);
      assert.equal(shown.status, 200);
      assert.equal(shown.body.item_count, 3);
      assert.deepEqual(calls, { find: 0, cartReads: 0, versionReads: 1 }, "the view of the add's answer, kept");

      const page = await shop.app.inject({ url: '/', headers: { cookie } });
      assert.equal(page.statusCode, 200);
      assert.equal(headerCount(page.body), 3);
      assert.deepEqual(calls, { find: 0, cartReads: 0, versionReads: 2 });
      assert.equal(sessionSetCookie(page), undefined, 'a fresh session is not written again');
    });

    it('a cart this shop has not shown is read whole, with no version read first', async () => {
      const other = await startTestShop(database);
      try {
        const { cookie } = await cartApi(other).post('/cart/add.js', { id: 'prod_tea', quantity: 2 });
        Object.assign(calls, { find: 0, cartReads: 0, versionReads: 0 });
        assert.equal((await cartApi(shop).get(cookie)).body.item_count, 2);
        assert.deepEqual(calls, { find: 0, cartReads: 1, versionReads: 0 });
        assert.equal((await cartApi(shop).get(cookie)).body.item_count, 2);
        assert.deepEqual(calls, { find: 0, cartReads: 1, versionReads: 1 }, 'then kept');
      } finally {
        await other.app.close();
      }
    });

    it('a cart changed where this shop did not see it is read whole, once, and kept from there', async () => {
      const { api, cookie, sessionId } = await cartOfThree();
      await database.db
        .updateTable('sessions')
        .set((eb) => ({ cart_version: eb('cart_version', '+', 1) }))
        .where('id', '=', sessionId)
        .execute();
      assert.equal((await api.get(cookie)).body.item_count, 3);
      assert.deepEqual(calls, { find: 0, cartReads: 1, versionReads: 1 });
      assert.equal((await api.get(cookie)).body.item_count, 3);
      assert.deepEqual(calls, { find: 0, cartReads: 1, versionReads: 2 });
    });

    it('/cart.js rolls the session forward, and a session past its expiry shows an empty cart, cookie unchanged', async () => {
      const { api, cookie, sessionId } = await cartOfThree();
      const named = (await api.get(cookie)).body.token;

      clock = start + 2 * HOUR;
      const used = await api.get(cookie);
      assert.equal(used.body.item_count, 3);
      assert.match(sessionSetCookie(used.response) ?? '', /Max-Age=10800/, 'the expiry rolled forward');
      const rolled = (await cartState(database.db)).sessions.find((session) => session.id === sessionId)!;
      assert.deepEqual([rolled.expires_at, rolled.cart_version], [clock + 3 * HOUR, 2]);

      clock = start + 6 * HOUR; // past the rolled expiry
      const ended = await api.get(cookie);
      assert.deepEqual([ended.status, ended.body.item_count, ended.body.items], [200, 0, []]);
      assert.notEqual(ended.body.token, named, "an ended session's cart is not named");
      assert.equal(sessionSetCookie(ended.response), undefined);
      const page = await shop.app.inject({ url: '/', headers: { cookie } });
      assert.equal(headerCount(page.body), 0);
      assert.equal(sessionSetCookie(page), undefined);
      assert.equal(calls.find, 0);
      const kept = (await cartState(database.db)).sessions.find((session) => session.id === sessionId)!;
      assert.equal(kept.expires_at, rolled.expires_at, 'an ended session is not revived');
    });
  });
}
