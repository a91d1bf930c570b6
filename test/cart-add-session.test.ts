/**
 * An add's session. The cookie's id goes to the add unchecked and the add finds the session live itself
 * (src/web/session-cart.ts, CartStore.applyToLiveSession): no lookup first. On PostgreSQL a form's add to an existing
 * cart is then one statement; on SQLite the add's lock, its first statement, finds the session. On both, the session
 * rolls forward as with the lookup, and an ended session's cookie gets a new session holding only the new item, the
 * old one not revived.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestShop, type TestShop } from './support/app.js';
import { cartApi, cartState, importCartCatalog } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { SAME_ORIGIN, sessionCookieOf, sessionSetCookie } from './support/http.js';
import { lockWaited, restoreStatements, sentStatements } from './support/pg-statements.js';
import type { Stores } from '../src/stores.js';

const HOUR = 3_600_000;

/** The statements naming the sessions table while `run` runs (pg-statements.ts). */
const sessionStatements = <T>(run: () => Promise<T>, before?: (text: string) => Promise<unknown> | undefined) =>
  sentStatements(run, { only: /"sessions"/, ...(before && { before }) });

for (const target of databaseTargets()) {
  describe(`an add's session on ${target.name}`, { skip: target.skip }, () => {
    const start = Date.UTC(2026, 0, 1);
    let clock = start;
    const calls = { find: 0 };
    let database: TestDatabase;
    let shop: TestShop;
    let sessions: Stores['sessions'];
    const onPostgres = target.name === 'postgres';
    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      shop = await startTestShop(database, {
        deps: {
          now: () => clock,
          wrapStores: (stores) => ({
            ...((sessions = stores.sessions), stores),
            sessions: { ...stores.sessions, find: (...args) => (calls.find++, stores.sessions.find(...args)) },
          }),
        },
      });
    });
    after(async () => {
      restoreStatements();
      await shop?.app.close();
      await database?.close();
    });
    beforeEach(() => {
      clock = start;
    });

    const addByForm = (product: string, cookie?: string) =>
      shop.app.inject({
        method: 'POST',
        url: `/cart/${product}`,
        headers: { ...SAME_ORIGIN, ...(cookie ? { cookie } : {}) },
        payload: 'quantity=1',
      });
    const sessionRow = async (id: string) => (await cartState(database.db)).sessions.find((row) => row.id === id);
    /** A session holding one tea (the tea is then known to the add's memory of the catalog). */
    async function shopper() {
      const earlier = new Set((await cartState(database.db)).sessions.map((row) => row.id));
      const { cookie } = await cartApi(shop).post('/cart/add.js', { id: 'prod_tea' });
      const id = (await cartState(database.db)).sessions.find((row) => !earlier.has(row.id))!.id;
      calls.find = 0;
      return { cookie: cookie!, id };
    }

    it(`an add to an existing cart looks no session up${onPostgres ? ': one statement' : ''}`, async () => {
      const { cookie, id } = await shopper();
      const { result: added, texts } = await sessionStatements(() => addByForm('prod_tea', cookie));
      assert.equal(added.statusCode, 303);
      assert.equal(sessionSetCookie(added), undefined, 'a fresh session is not written again');
      assert.equal(calls.find, 0);
      if (onPostgres) assert.equal(texts.length, 1, texts.join('\n')); // the add's one statement

      const json = await cartApi(shop).post('/cart/add.js', { id: 'prod_tea' }, cookie);
      assert.deepEqual([json.status, json.body.quantity, json.cookie], [200, 3, undefined]);
      assert.equal(calls.find, 0);
      assert.equal((await sessionRow(id))?.cart_version, 3);
      assert.equal((await cartApi(shop).get(cookie)).body.item_count, 3);
    });

    it('rolls the session forward and sends the cookie again, as the lookup did', async () => {
      const { cookie, id } = await shopper();
      clock = start + 2 * HOUR;
      const added = await addByForm('prod_tea', cookie);
      assert.equal(added.statusCode, 303);
      assert.match(sessionSetCookie(added) ?? '', /Max-Age=10800/, 'the expiry rolled forward');
      assert.equal(sessionCookieOf(added), cookie, 'the same session');
      const row = await sessionRow(id);
      assert.deepEqual([row?.expires_at, row?.cart_version], [clock + 3 * HOUR, 2]);
    });

    it("with an ended session's cookie, the add goes to a new session; the ended one is not revived", async () => {
      const { cookie, id } = await shopper();
      const ended = await sessionRow(id);
      clock = start + 4 * HOUR; // past its expiry (3 hours), before any purge
      const added = await addByForm('prod_tea', cookie);
      assert.equal(added.statusCode, 303);
      const fresh = sessionCookieOf(added);
      assert.ok(fresh && fresh !== cookie, 'a new session cookie');
      assert.equal((await cartApi(shop).get(fresh)).body.item_count, 1, 'only the new item');
      assert.deepEqual(await sessionRow(id), ended, 'the ended session is untouched');

      const json = await cartApi(shop).post('/cart/add.js', { id: 'prod_tea', quantity: 2 }, cookie);
      assert.equal(json.status, 200);
      assert.ok(json.cookie && json.cookie !== cookie && json.cookie !== fresh, 'another new session');
      assert.equal((await cartApi(shop).get(json.cookie)).body.item_count, 2);
      assert.deepEqual(await sessionRow(id), ended);
    });

    it(
      'a session that ends while the add waits for it (checkout gives it a new id): 409 session_changed, no new session, nothing changed',
      { skip: !onPostgres && 'on SQLite the add finds the session under its lock: nothing ends between the two' },
      async () => {
        const { cookie, id } = await shopper();
        let refused: ReturnType<ReturnType<typeof cartApi>['post']> | undefined;
        // The new id is written once the add, having read the session, waits for the lock the rotation holds.
        await sessionStatements(
          () => sessions.rotate(id, clock),
          (text) => {
            if (refused || !/^insert into "sessions"/.test(text)) return undefined;
            refused = cartApi(shop).post('/cart/add.js', { id: 'prod_tea' }, cookie);
            return lockWaited(database.db);
          },
        );
        assert.ok(refused, 'the rotation was held');
        const before = await cartState(database.db);
        const { status, body, cookie: sent } = await refused;
        assert.deepEqual([status, body.code, sent], [409, 'session_changed', undefined]);
        assert.deepEqual(
          [body.message, body.description.startsWith('Your cart has moved on')],
          ['Your session has changed', true],
        );
        assert.deepEqual(await cartState(database.db), before, 'nothing changed after the new id');
        assert.equal(await sessionRow(id), undefined, 'the old id is gone');
      },
    );
  });
}
