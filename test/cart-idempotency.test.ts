/**
 * Retrying an add is safe, through HTTP, on SQLite and PostgreSQL: the cart store is wrapped to apply a change and
 * then fail as a dropped database connection does (the answer is a 503 although the change is stored). A retry
 * with the same Idempotency-Key (JSON) or the same form token (plain form) is answered, not applied again; the
 * 503 says only what the shop knows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Stores } from '../src/stores.js';
import { startTestShop, type TestShop } from './support/app.js';
import { cartApi, cartRows, importCartCatalog } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { SAME_ORIGIN, sessionCookieOf } from './support/http.js';

/** Wraps the cart store: the next `failures` changes are applied, then fail as a lost database connection. */
function applyThenFail() {
  let failures = 0;
  return {
    failNext(count = 1) {
      failures = count;
    },
    wrap: <S extends Stores>(stores: S): S => ({
      ...stores,
      carts: {
        ...stores.carts,
        async apply(...args) {
          const version = await stores.carts.apply(...args);
          if (failures > 0) {
            failures -= 1;
            throw new Error('Connection terminated unexpectedly');
          }
          return version;
        },
        // Changes for a cookie's session, checked by the store in the change itself (PostgreSQL).
        ...(stores.carts.applyToLiveSession && {
          async applyToLiveSession(...args: Parameters<NonNullable<Stores['carts']['applyToLiveSession']>>) {
            const applied = await stores.carts.applyToLiveSession!(...args);
            if (failures > 0) {
              failures -= 1;
              throw new Error('Connection terminated unexpectedly');
            }
            return applied;
          },
        }),
        // New visitors' first changes, where the store makes the session in the same transaction.
        ...(stores.carts.applyToNewSession && {
          async applyToNewSession(...args: Parameters<NonNullable<Stores['carts']['applyToNewSession']>>) {
            const version = await stores.carts.applyToNewSession!(...args);
            if (failures > 0) {
              failures -= 1;
              throw new Error('Connection terminated unexpectedly');
            }
            return version;
          },
        }),
      },
    }),
  };
}

const UNCONFIRMED =
  'The shop cannot reach its data right now, so we could not confirm your change. Check your cart before trying again.';

/** The form tokens of a page, in order. */
const formTokens = (html: string) =>
  [...html.matchAll(/name="idempotency_key" value="([^"]+)"/g)].map((match) => match[1]!);

for (const target of databaseTargets()) {
  describe(`retrying cart changes on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    const faults = applyThenFail();
    const api = () => cartApi(shop);
    const addJson = (cookie: string | undefined, key: string | undefined, body: unknown = { id: 'prod_tea' }) =>
      api().post('/cart/add.js', body, cookie, key === undefined ? {} : { 'idempotency-key': key });
    const quantities = async (cookie: string) =>
      Object.fromEntries(
        ((await api().get(cookie)).body.items as Array<{ stripe_price_id: string; quantity: number }>).map((item) => [
          item.stripe_price_id,
          item.quantity,
        ]),
      );
    const postForm = (url: string, payload: string, cookie?: string): Promise<LightMyRequestResponse> =>
      shop.app.inject({ method: 'POST', url, headers: { ...SAME_ORIGIN, ...(cookie ? { cookie } : {}) }, payload });
    /** A shopper with a cart of one cup. */
    const shopper = async () => (await addJson(undefined, undefined, { id: 'prod_cup' })).cookie!;

    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      shop = await startTestShop(database, { deps: { wrapStores: faults.wrap } });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    describe('JSON API: Idempotency-Key', () => {
      it('an add stored but answered 503: the 503 does not claim nothing changed, and the retry with its key adds nothing', async () => {
        const cookie = await shopper();
        faults.failNext();
        const failed = await addJson(cookie, 'add-tea-1');
        assert.equal(failed.status, 503);
        assert.equal(failed.response.headers['retry-after'], '5');
        assert.deepEqual(failed.body, {
          status: 503,
          message: 'Temporarily unavailable',
          description: UNCONFIRMED,
          code: 'service_unavailable',
        });
        assert.deepEqual(await quantities(cookie), { price_cup: 1, price_tea: 1 }, 'the add was stored');
        const before = await cartRows(database.db);
        for (let i = 0; i < 3; i += 1) {
          const retry = await addJson(cookie, 'add-tea-1');
          assert.equal(retry.status, 200);
          assert.deepEqual(
            [retry.body.stripe_price_id, retry.body.quantity],
            ['price_tea', 1],
            'the added line, as it is now',
          );
        }
        assert.deepEqual(await cartRows(database.db), before, 'retries changed nothing, version included');
        assert.equal((await addJson(cookie, 'add-tea-2')).body.quantity, 2, 'a new key is a new add');
      });

      it('without a key an add applies every time, as before', async () => {
        const cookie = await shopper();
        await addJson(cookie, undefined);
        await addJson(cookie, undefined);
        assert.deepEqual(await quantities(cookie), { price_cup: 1, price_tea: 2 });
      });

      it('the same key with another body: 422 idempotency_key_reused, nothing changed', async () => {
        const cookie = await shopper();
        await addJson(cookie, 'once');
        const before = await cartRows(database.db);
        const reused = await addJson(cookie, 'once', { id: 'prod_tea', quantity: 2 });
        assert.equal(reused.status, 422);
        assert.equal(reused.body.code, 'idempotency_key_reused');
        assert.match(
          reused.body.description,
          /already sent with the same key .* different contents\. Nothing was changed/,
        );
        assert.deepEqual(await cartRows(database.db), before);
      });

      it('10 concurrent requests with one key add once', async () => {
        const cookie = await shopper();
        const answers = await Promise.all(Array.from({ length: 10 }, () => addJson(cookie, 'burst')));
        assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([200]));
        assert.deepEqual(await quantities(cookie), { price_cup: 1, price_tea: 1 });
      });

      it("another session's key never matches", async () => {
        const [alice, bob] = [await shopper(), await shopper()];
        await addJson(alice, 'same-key');
        assert.equal((await addJson(bob, 'same-key', { id: 'prod_tea', quantity: 3 })).status, 200);
        assert.deepEqual(await quantities(alice), { price_cup: 1, price_tea: 1 });
        assert.deepEqual(await quantities(bob), { price_cup: 1, price_tea: 3 });
      });

      it('a malformed key: 400 invalid_idempotency_key, nothing changed', async () => {
        const cookie = await shopper();
        const before = await cartRows(database.db);
        for (const key of ['has space', 'x'.repeat(256), 'ключ']) {
          const answer = await addJson(cookie, key);
          assert.equal(answer.status, 400, key);
          assert.equal(answer.body.code, 'invalid_idempotency_key');
        }
        assert.deepEqual(await cartRows(database.db), before);
      });

      it('change.js: a removal stored but answered 503 is answered again on retry, not refused as line_not_found', async () => {
        const cookie = await shopper();
        await addJson(cookie, undefined);
        faults.failNext();
        const headers = { 'idempotency-key': 'remove-tea' };
        assert.equal(
          (await api().post('/cart/change.js', { id: 'price_tea', quantity: 0 }, cookie, headers)).status,
          503,
        );
        const retry = await api().post('/cart/change.js', { id: 'price_tea', quantity: 0 }, cookie, headers);
        assert.equal(retry.status, 200);
        assert.deepEqual(await quantities(cookie), { price_cup: 1 });
        const update = { updates: { price_cup: 5 } };
        assert.equal((await api().post('/cart/update.js', update, cookie, { 'idempotency-key': 'five' })).status, 200);
        assert.equal(
          (await api().post('/cart/update.js', update, cookie, { 'idempotency-key': 'five' })).body.version,
          (await api().get(cookie)).body.version,
        );
      });

      it('a new visitor: the 503 of a stored first add carries the session cookie, and the retry with it adds nothing', async () => {
        const sessionsBefore = (await cartRows(database.db)).sessions.length;
        faults.failNext();
        const failed = await addJson(undefined, 'first-add');
        assert.equal(failed.status, 503);
        const cookie = failed.cookie;
        assert.ok(cookie, 'the 503 sets the new session cookie');
        const retry = await addJson(cookie, 'first-add');
        assert.equal(retry.status, 200);
        assert.equal(retry.body.quantity, 1);
        assert.equal((await cartRows(database.db)).sessions.length, sessionsBefore + 1, 'one session');
      });

      // The documented limit: an answer lost whole takes the new cookie with it, and a key is matched within a session.
      it('a new visitor whose whole answer was lost: the retry without a cookie starts a cart of its own holding the item once', async () => {
        const first = await addJson(undefined, 'lost-answer');
        const retry = await addJson(undefined, 'lost-answer');
        assert.equal(retry.status, 200);
        assert.notEqual(retry.cookie, first.cookie);
        assert.equal(
          (await api().get(retry.cookie)).body.item_count,
          1,
          'the cart the browser now holds has the item once',
        );
        assert.equal(
          (await api().get(first.cookie)).body.item_count,
          1,
          'the unreachable first cart expires with its session',
        );
      });
    });

    describe('plain forms: a one-time token per rendered form', () => {
      it('every rendering of the catalog and product pages gives each form a token of its own', async () => {
        const cookie = await shopper();
        const pages = [
          (await shop.app.inject({ url: '/' })).body,
          (await shop.app.inject({ url: '/' })).body,
          (await shop.app.inject({ url: '/', headers: { cookie } })).body,
          (await shop.app.inject({ url: '/products/sencha-tea' })).body,
          (await shop.app.inject({ url: '/products/sencha-tea' })).body,
        ];
        const tokens = pages.flatMap(formTokens);
        assert.equal(
          formTokens(pages[0]!).length,
          1,
          'one per add form of the catalog (the cup has options: its card links to the choice; the dollar mug is not sold)',
        );
        assert.equal(formTokens(pages[3]!).length, 1);
        assert.equal(new Set(tokens).size, tokens.length, 'all different');
        for (const token of tokens) assert.match(token, /^[0-9a-f-]{36}$/);
      });

      it('POST /cart/:productId stored but answered 503: the page does not claim nothing changed, and sending the form again adds once', async () => {
        const cookie = await shopper();
        const [token] = formTokens((await shop.app.inject({ url: '/products/sencha-tea', headers: { cookie } })).body);
        const form = `quantity=2&return_to=%2Fproducts%2Fsencha-tea&idempotency_key=${token}`;
        faults.failNext();
        const failed = await postForm('/cart/prod_tea', form, cookie);
        assert.equal(failed.statusCode, 503);
        assert.match(failed.body, /could not confirm your change\. Check your cart before trying again\./);
        assert.doesNotMatch(failed.body, /Nothing was changed/);
        const before = await cartRows(database.db);
        const again = await postForm('/cart/prod_tea', form, cookie);
        assert.equal(again.statusCode, 303);
        assert.equal(again.headers.location, '/products/sencha-tea?added=prod_tea#product-prod_tea');
        assert.deepEqual(await cartRows(database.db), before);
        assert.deepEqual(await quantities(cookie), { price_cup: 1, price_tea: 2 });
        const [fresh] = formTokens((await shop.app.inject({ url: '/products/sencha-tea', headers: { cookie } })).body);
        assert.equal((await postForm('/cart/prod_tea', `quantity=2&idempotency_key=${fresh}`, cookie)).statusCode, 303);
        assert.deepEqual(
          await quantities(cookie),
          { price_cup: 1, price_tea: 4 },
          'a new rendering of the form adds again',
        );
      });

      it('POST /cart/add with the token field adds once; the same token with another quantity is refused with a page', async () => {
        const cookie = await shopper();
        faults.failNext();
        assert.equal(
          (await postForm('/cart/add', 'id=prod_tea&quantity=1&idempotency_key=theme-form-1', cookie)).statusCode,
          503,
        );
        const again = await postForm('/cart/add', 'id=prod_tea&quantity=1&idempotency_key=theme-form-1', cookie);
        assert.deepEqual([again.statusCode, again.headers.location], [303, '/cart']);
        assert.deepEqual(await quantities(cookie), { price_cup: 1, price_tea: 1 });
        const before = await cartRows(database.db);
        const changed = await postForm('/cart/add', 'id=prod_tea&quantity=3&idempotency_key=theme-form-1', cookie);
        assert.equal(changed.statusCode, 422);
        assert.match(changed.headers['content-type'] as string, /^text\/html/);
        assert.match(changed.body, /Already sent with other contents/);
        assert.deepEqual(await cartRows(database.db), before);
      });

      it('a new visitor: the 503 of a stored first form add carries the cookie, and sending the form again adds once', async () => {
        const [token] = formTokens((await shop.app.inject({ url: '/products/sencha-tea' })).body);
        faults.failNext();
        const failed = await postForm('/cart/prod_tea', `idempotency_key=${token}`);
        assert.equal(failed.statusCode, 503);
        const cookie = sessionCookieOf(failed)!;
        assert.ok(cookie);
        assert.equal((await postForm('/cart/prod_tea', `idempotency_key=${token}`, cookie)).statusCode, 303);
        assert.deepEqual(await quantities(cookie), { price_tea: 1 });
      });
    });
  });
}
