/**
 * The seed's "Add to cart" flow on server-side sessions, on SQLite and PostgreSQL: PRG, every refusal with its
 * status and message (cart unchanged), concurrency, and cross-origin protection. The session cookie, its expiry and
 * secrets: test/cart-sessions.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cartState, useAddToCartShop } from './support/cart.js';
import { databaseTargets } from './support/databases.js';
import { headerCount, SAME_ORIGIN, sessionCookieOf } from './support/http.js';
import { parsePage } from './support/page.js';

for (const target of databaseTargets()) {
  describe(`add to cart on ${target.name}`, { skip: target.skip }, () => {
    const { running, add, home, reset } = useAddToCartShop(target);

    it('the seed flow: list -> add -> count 1 -> add again -> count 2, one session, one line', async () => {
      await reset();
      const first = await home();
      assert.equal(headerCount(first.body), 0);
      assert.equal(first.headers['set-cookie'], undefined, 'browsing creates no session');
      const form = parsePage(first.body).document.querySelector('form[data-product-id="prod_B"]');
      assert.deepEqual(
        [form?.getAttribute('method'), form?.getAttribute('action'), form?.hasAttribute('data-add-to-cart')],
        ['post', '/cart/prod_B', true],
      );

      const added = await add('prod_B', undefined, 'return_to=%2F');
      assert.equal(added.statusCode, 303);
      assert.equal(
        added.headers.location,
        '/?added=prod_B#product-prod_B',
        'back to the product, which the page names',
      );
      const cookie = sessionCookieOf(added)!;
      assert.ok(cookie);
      assert.equal(headerCount((await home(cookie)).body), 1);
      const again = await add('prod_B', cookie);
      assert.equal(again.statusCode, 303);
      assert.equal(headerCount((await home(cookie)).body), 2);

      const state = await cartState(running.database.db);
      assert.equal(state.sessions.length, 1);
      assert.deepEqual(
        state.lines.map((line) => [line.price_id, line.quantity, line.unit_amount_seen]),
        [['price_B', 2, 2860]],
      );
      // The cookie carries only the id (256 bits, base64url) and its signature.
      const id = decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!;
      assert.equal(id, state.sessions[0]!.id);
      assert.equal(Buffer.from(id, 'base64url').length, 32);
    });

    it('shows the cart count on error pages too', async () => {
      await reset();
      const cookie = sessionCookieOf(await add('prod_A', undefined, 'quantity=2'))!;
      const missing = await running.shop.app.inject({ url: '/products/prod_nope', headers: { cookie } });
      assert.equal(missing.statusCode, 404);
      assert.equal(headerCount(missing.body), 2);
      const nowhere = await running.shop.app.inject({ url: '/no/such/page', headers: { cookie } });
      assert.equal(headerCount(nowhere.body), 2);
    });

    it('adds the quantity field and counts the sum of quantities', async () => {
      await reset();
      const added = await add('prod_A', undefined, 'quantity=3');
      const cookie = sessionCookieOf(added)!;
      await add('prod_B', cookie, 'quantity=2');
      assert.equal(headerCount((await home(cookie)).body), 5);
    });

    it('redirects back to same-origin paths only', async () => {
      await reset();
      const cases: [string, Record<string, string>, string][] = [
        ['return_to=%2Fproducts%2Fprod_A', {}, '/products/prod_A?added=prod_A#product-prod_A'],
        ['return_to=%2F%3Fpage%3D2', {}, '/?page=2&added=prod_A#product-prod_A'],
        ['return_to=%2F%2Fevil.example', {}, '/?added=prod_A#product-prod_A'],
        ['return_to=https%3A%2F%2Fevil.example%2F', {}, '/?added=prod_A#product-prod_A'],
        ['return_to=%2F%5Cevil.example', {}, '/?added=prod_A#product-prod_A'],
        ['', { referer: 'http://localhost:80/products/prod_B' }, '/products/prod_B?added=prod_A#product-prod_A'],
        ['', { referer: 'https://evil.example/products/prod_B' }, '/?added=prod_A#product-prod_A'],
        ['', {}, '/?added=prod_A#product-prod_A'],
      ];
      for (const [body, extra, location] of cases) {
        const response = await running.shop.app.inject({
          method: 'POST',
          url: '/cart/prod_A',
          headers: { ...SAME_ORIGIN, host: 'localhost:80', ...extra },
          payload: body,
        });
        assert.equal(response.statusCode, 303, body);
        assert.equal(response.headers.location, location, `${body} ${JSON.stringify(extra)}`);
      }
    });

    describe('refusals: status, message, and nothing changed', () => {
      const refusals: {
        name: string;
        product: string;
        body?: string;
        status: number;
        message: RegExp;
        setup?: (cookie: string) => Promise<void>;
      }[] = [
        { name: 'unknown product', product: 'prod_nope', status: 404, message: /This product does not exist/ },
        { name: 'inactive product', product: 'prod_C', status: 409, message: /Archived thing is no longer sold/ },
        {
          name: 'product with no one-time price (recurring only)',
          product: 'prod_D',
          status: 409,
          message: /cannot be bought in the cart/,
        },
        {
          name: 'quantity 0',
          product: 'prod_A',
          body: 'quantity=0',
          status: 422,
          message: /The quantity must be a whole number from 1 to 99/,
        },
        { name: 'quantity 100', product: 'prod_A', body: 'quantity=100', status: 422, message: /from 1 to 99/ },
        { name: 'quantity -1', product: 'prod_A', body: 'quantity=-1', status: 422, message: /from 1 to 99/ },
        { name: 'quantity 1.5', product: 'prod_A', body: 'quantity=1.5', status: 422, message: /from 1 to 99/ },
        { name: 'quantity abc', product: 'prod_A', body: 'quantity=abc', status: 422, message: /from 1 to 99/ },
        {
          name: 'quantity given twice',
          product: 'prod_A',
          body: 'quantity=1&quantity=2',
          status: 422,
          message: /from 1 to 99/,
        },
        {
          name: 'line past 99',
          product: 'prod_A',
          body: 'quantity=2',
          status: 422,
          message: /at most 99 of one item in your cart; you already have 98/,
          setup: async (cookie) => void (await add('prod_A', cookie, 'quantity=97')),
        },
        {
          name: "priced only in another currency than the shop's",
          product: 'prod_E',
          status: 409,
          message: /Dollar item cannot be bought in the cart/,
        },
      ];
      for (const refusal of refusals) {
        it(refusal.name, async () => {
          await reset();
          const cookie = sessionCookieOf(await add('prod_A'))!;
          await refusal.setup?.(cookie);
          const before = await cartState(running.database.db);
          const response = await add(refusal.product, cookie, refusal.body ?? '');
          assert.equal(response.statusCode, refusal.status);
          assert.match(response.headers['content-type'] as string, /text\/html/);
          assert.match(response.body, refusal.message);
          assert.equal(sessionCookieOf(response), undefined);
          assert.deepEqual(await cartState(running.database.db), before);
        });
      }

      it('a refused first add creates no session', async () => {
        await reset();
        const response = await add('prod_nope');
        assert.equal(response.statusCode, 404);
        assert.equal(response.headers['set-cookie'], undefined);
        assert.deepEqual(await cartState(running.database.db), { sessions: [], lines: [] });
      });
    });

    it('50 concurrent adds on one session give one line of 50; past the cap the rest answer 422', async () => {
      await reset();
      const cookie = sessionCookieOf(await add('prod_B'))!;
      const responses = await Promise.all(Array.from({ length: 50 }, () => add('prod_A', cookie)));
      assert.deepEqual([...new Set(responses.map((r) => r.statusCode))], [303]);
      let state = await cartState(running.database.db);
      assert.equal(state.sessions.length, 1);
      assert.equal(state.lines.find((line) => line.price_id === 'price_A')!.quantity, 50);

      const more = await Promise.all(Array.from({ length: 60 }, () => add('prod_A', cookie)));
      assert.equal(more.filter((r) => r.statusCode === 303).length, 49);
      assert.equal(more.filter((r) => r.statusCode === 422).length, 11);
      state = await cartState(running.database.db);
      assert.equal(state.lines.find((line) => line.price_id === 'price_A')!.quantity, 99);
    });

    it('two concurrent first adds without a cookie both succeed', async () => {
      await reset();
      const responses = await Promise.all([add('prod_A'), add('prod_A')]);
      assert.deepEqual(
        responses.map((r) => r.statusCode),
        [303, 303],
      );
      assert.equal((await cartState(running.database.db)).sessions.length, 2);
    });

    describe('cross-origin protection on unsafe methods', () => {
      const cases: [string, Record<string, string>, number][] = [
        ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, 403],
        ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }, 403],
        ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }, 303],
        ['Sec-Fetch-Site: none', { 'sec-fetch-site': 'none' }, 303],
        ['Origin of another host', { origin: 'https://evil.example' }, 403],
        ['Origin: null', { origin: 'null' }, 403],
        ['Origin of this host', { origin: 'http://localhost:80' }, 303],
        [
          'Sec-Fetch-Site same-origin wins over Origin',
          { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' },
          303,
        ],
        ['neither header (curl)', {}, 303],
      ];
      for (const [name, headers, status] of cases) {
        it(`${name} -> ${status}`, async () => {
          await reset();
          const response = await running.shop.app.inject({
            method: 'POST',
            url: '/cart/prod_A',
            headers: { host: 'localhost:80', 'content-type': 'application/x-www-form-urlencoded', ...headers },
            payload: '',
          });
          assert.equal(response.statusCode, status);
          if (status === 403) {
            assert.match(response.body, /This request came from another site, so it was not carried out/);
            assert.deepEqual(await cartState(running.database.db), { sessions: [], lines: [] });
          }
        });
      }
    });
  });
}
