/**
 * The seed's "Add to cart" flow on server-side sessions, on SQLite and PostgreSQL: PRG, every refusal with its
 * status and message (cart unchanged), cookie attributes, tampering, expiry with an injected clock, secret rotation,
 * concurrency, and cross-origin protection.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { createSqlSessionStore } from '../src/session/session-store.js';
import { startTestShop, type TestShop } from './support/app.js';
import { csvLine, MESSY, PRICE_HEADER, priceRow, writeCsvFiles } from './support/catalog.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { headerCount, SAME_ORIGIN, sessionCookieOf, sessionSetCookie } from './support/http.js';
import { parsePage } from './support/page.js';

const HOUR = 3_600_000;

async function cartState(db: Kysely<Database>) {
  return {
    sessions: await db.selectFrom('sessions').selectAll().orderBy('id').execute(),
    lines: await db.selectFrom('cart_lines').selectAll().orderBy('session_id').orderBy('price_id').execute(),
  };
}

for (const target of databaseTargets()) {
  describe(`add to cart on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let clock = Date.UTC(2026, 0, 1);
    const add = (productId: string, cookie?: string, body = '', headers: Record<string, string> = SAME_ORIGIN) =>
      shop.app.inject({ method: 'POST', url: `/cart/${productId}`, headers: { ...headers, ...(cookie ? { cookie } : {}) }, payload: body });
    const home = (cookie?: string) => shop.app.inject({ url: '/', headers: cookie ? { cookie } : {} });
    const reset = async () => {
      await database.db.deleteFrom('cart_lines').execute();
      await database.db.deleteFrom('sessions').execute();
    };

    before(async () => {
      database = await target.open();
      shop = await startTestShop(database, { catalog: MESSY, deps: { now: () => clock } });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('the seed flow: list -> add -> count 1 -> add again -> count 2, one session, one line', async () => {
      await reset();
      const first = await home();
      assert.equal(headerCount(first.body), 0);
      assert.equal(first.headers['set-cookie'], undefined, 'browsing creates no session');
      const form = parsePage(first.body).document.querySelector('form[data-product-id="prod_A"]');
      assert.deepEqual([form?.getAttribute('method'), form?.getAttribute('action'), form?.hasAttribute('data-add-to-cart')], ['post', '/cart/prod_A', true]);

      const added = await add('prod_A', undefined, 'return_to=%2F');
      assert.equal(added.statusCode, 303);
      assert.equal(added.headers.location, '/');
      const cookie = sessionCookieOf(added)!;
      assert.ok(cookie);
      assert.equal(headerCount((await home(cookie)).body), 1);
      const again = await add('prod_A', cookie);
      assert.equal(again.statusCode, 303);
      assert.equal(headerCount((await home(cookie)).body), 2);

      const state = await cartState(database.db);
      assert.equal(state.sessions.length, 1);
      assert.deepEqual(state.lines.map((line) => [line.price_id, line.quantity, line.unit_amount_added]), [['price_A', 2, 1320]]);
      // The cookie carries only the id (256 bits, base64url) and its signature.
      const id = decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!;
      assert.equal(id, state.sessions[0]!.id);
      assert.equal(Buffer.from(id, 'base64url').length, 32);
    });

    it('shows the cart count on error pages too', async () => {
      await reset();
      const cookie = sessionCookieOf(await add('prod_A', undefined, 'quantity=2'))!;
      const missing = await shop.app.inject({ url: '/products/prod_nope', headers: { cookie } });
      assert.equal(missing.statusCode, 404);
      assert.equal(headerCount(missing.body), 2);
      const nowhere = await shop.app.inject({ url: '/no/such/page', headers: { cookie } });
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
        ['return_to=%2Fproducts%2Fprod_A', {}, '/products/prod_A'],
        ['return_to=%2F%3Fpage%3D2', {}, '/?page=2'],
        ['return_to=%2F%2Fevil.example', {}, '/'],
        ['return_to=https%3A%2F%2Fevil.example%2F', {}, '/'],
        ['return_to=%2F%5Cevil.example', {}, '/'],
        ['', { referer: 'http://localhost:80/products/prod_B' }, '/products/prod_B'],
        ['', { referer: 'https://evil.example/products/prod_B' }, '/'],
        ['', {}, '/'],
      ];
      for (const [body, extra, location] of cases) {
        const response = await shop.app.inject({ method: 'POST', url: '/cart/prod_A', headers: { ...SAME_ORIGIN, host: 'localhost:80', ...extra }, payload: body });
        assert.equal(response.statusCode, 303, body);
        assert.equal(response.headers.location, location, `${body} ${JSON.stringify(extra)}`);
      }
    });

    describe('refusals: status, message, and nothing changed', () => {
      const refusals: { name: string; product: string; body?: string; status: number; message: RegExp; setup?: (cookie: string) => Promise<void> }[] = [
        { name: 'unknown product', product: 'prod_nope', status: 404, message: /This product does not exist/ },
        { name: 'inactive product', product: 'prod_C', status: 409, message: /Archived thing is no longer sold/ },
        { name: 'product with no one-time price (recurring only)', product: 'prod_D', status: 409, message: /cannot be bought in the cart/ },
        { name: 'quantity 0', product: 'prod_A', body: 'quantity=0', status: 422, message: /The quantity must be a whole number from 1 to 99/ },
        { name: 'quantity 100', product: 'prod_A', body: 'quantity=100', status: 422, message: /from 1 to 99/ },
        { name: 'quantity -1', product: 'prod_A', body: 'quantity=-1', status: 422, message: /from 1 to 99/ },
        { name: 'quantity 1.5', product: 'prod_A', body: 'quantity=1.5', status: 422, message: /from 1 to 99/ },
        { name: 'quantity abc', product: 'prod_A', body: 'quantity=abc', status: 422, message: /from 1 to 99/ },
        { name: 'quantity given twice', product: 'prod_A', body: 'quantity=1&quantity=2', status: 422, message: /from 1 to 99/ },
        { name: 'line past 99', product: 'prod_A', body: 'quantity=2', status: 422, message: /at most 99 of one item in your cart; you already have 98/, setup: async (cookie) => void (await add('prod_A', cookie, 'quantity=97')) },
        { name: 'another currency', product: 'prod_E', status: 422, message: /Your cart is in JPY; this item is priced in USD/ },
      ];
      for (const refusal of refusals) {
        it(refusal.name, async () => {
          await reset();
          const cookie = sessionCookieOf(await add('prod_A'))!;
          await refusal.setup?.(cookie);
          const before = await cartState(database.db);
          const response = await add(refusal.product, cookie, refusal.body ?? '');
          assert.equal(response.statusCode, refusal.status);
          assert.match(response.headers['content-type'] as string, /text\/html/);
          assert.match(response.body, refusal.message);
          assert.equal(sessionCookieOf(response), undefined);
          assert.deepEqual(await cartState(database.db), before);
        });
      }

      it('a refused first add creates no session', async () => {
        await reset();
        const response = await add('prod_nope');
        assert.equal(response.statusCode, 404);
        assert.equal(response.headers['set-cookie'], undefined);
        assert.deepEqual(await cartState(database.db), { sessions: [], lines: [] });
      });
    });

    it('sets HttpOnly, SameSite=Lax, Path=/ and a 3-hour Max-Age/Expires; no Secure over http', async () => {
      await reset();
      const line = sessionSetCookie(await add('prod_A'))!;
      assert.match(line, /^kago_session=/);
      assert.match(line, /; HttpOnly/);
      assert.match(line, /; SameSite=Lax/);
      assert.match(line, /; Path=\//);
      assert.match(line, /; Max-Age=10800/);
      assert.match(line, new RegExp(`; Expires=${new Date(clock + 3 * HOUR).toUTCString()}`));
      assert.doesNotMatch(line, /Secure/);
    });

    it('ignores tampered and forged cookies, never a 500', async () => {
      await reset();
      const cookie = sessionCookieOf(await add('prod_A'))!;
      const value = decodeURIComponent(cookie.split('=')[1]!);
      const [id, signature] = value.split('.');
      const forged = [
        `kago_session=${encodeURIComponent(`${id}x.${signature}`)}`,
        `kago_session=${encodeURIComponent(`${id}.${signature!.slice(0, -2)}AA`)}`,
        `kago_session=${id}`,
        'kago_session=',
        'kago_session=%E0%A4%A',
        `kago_session=${'a'.repeat(5000)}`,
      ];
      for (const bad of forged) {
        const page = await home(bad);
        assert.equal(page.statusCode, 200, bad);
        assert.equal(headerCount(page.body), 0, bad);
        assert.equal(page.headers['set-cookie'], undefined);
        const write = await add('prod_B', bad);
        assert.equal(write.statusCode, 303);
        assert.notEqual(sessionCookieOf(write), cookie, 'a new session, not the one the forger aimed at');
      }
      const original = await cartState(database.db);
      assert.equal(original.lines.filter((line) => line.price_id === 'price_A').length, 1);
    });

    it('expires after the TTL, rolls forward on use without rewriting data, and purges expired rows', async () => {
      await reset();
      const start = clock;
      try {
        const cookie = sessionCookieOf(await add('prod_A'))!;
        clock = start + 2 * HOUR;
        const used = await home(cookie);
        assert.equal(headerCount(used.body), 1);
        assert.match(sessionSetCookie(used) ?? '', /Max-Age=10800/, 'the expiry rolled forward');
        const [session] = (await cartState(database.db)).sessions;
        assert.equal(session!.expires_at, clock + 3 * HOUR);
        assert.equal(session!.cart_version, 1, 'reading did not touch the cart');
        clock = start + 4 * HOUR; // past the first expiry, within the rolled one
        assert.equal(headerCount((await home(cookie)).body), 1);
        clock = start + 8 * HOUR; // idle for four hours: gone
        const expired = await home(cookie);
        assert.equal(headerCount(expired.body), 0);
        assert.equal(expired.headers['set-cookie'], undefined);
        assert.equal((await cartState(database.db)).sessions.length, 1, 'requests never delete; the purge job does');
        assert.equal(await createSqlSessionStore(database.db).purgeExpired(clock), 1);
        assert.deepEqual(await cartState(database.db), { sessions: [], lines: [] });
      } finally {
        clock = start;
      }
    });

    it('50 concurrent adds on one session give one line of 50; past the cap the rest answer 422', async () => {
      await reset();
      const cookie = sessionCookieOf(await add('prod_B'))!;
      const responses = await Promise.all(Array.from({ length: 50 }, () => add('prod_A', cookie)));
      assert.deepEqual([...new Set(responses.map((r) => r.statusCode))], [303]);
      let state = await cartState(database.db);
      assert.equal(state.sessions.length, 1);
      assert.equal(state.lines.find((line) => line.price_id === 'price_A')!.quantity, 50);

      const more = await Promise.all(Array.from({ length: 60 }, () => add('prod_A', cookie)));
      assert.equal(more.filter((r) => r.statusCode === 303).length, 49);
      assert.equal(more.filter((r) => r.statusCode === 422).length, 11);
      state = await cartState(database.db);
      assert.equal(state.lines.find((line) => line.price_id === 'price_A')!.quantity, 99);
    });

    it('two concurrent first adds without a cookie both succeed', async () => {
      await reset();
      const responses = await Promise.all([add('prod_A'), add('prod_A')]);
      assert.deepEqual(responses.map((r) => r.statusCode), [303, 303]);
      assert.equal((await cartState(database.db)).sessions.length, 2);
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
        ['Sec-Fetch-Site same-origin wins over Origin', { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' }, 303],
        ['neither header (curl)', {}, 303],
      ];
      for (const [name, headers, status] of cases) {
        it(`${name} -> ${status}`, async () => {
          await reset();
          const response = await shop.app.inject({ method: 'POST', url: '/cart/prod_A', headers: { host: 'localhost:80', 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: '' });
          assert.equal(response.statusCode, status);
          if (status === 403) {
            assert.match(response.body, /This request came from another site, so it was not carried out/);
            assert.deepEqual(await cartState(database.db), { sessions: [], lines: [] });
          }
        });
      }
    });
  });
}

describe('sessions: https, rotation, limits, development secret', () => {
  const target = databaseTargets()[0]!;
  let database: TestDatabase;
  before(async () => {
    database = await target.open();
    const products = [['id', 'Name', 'Created (UTC)']];
    const prices = [PRICE_HEADER];
    for (let i = 1; i <= 101; i++) {
      products.push([`prod_${i}`, `Item ${i}`, '2024-01-01 00:00:00']);
      prices.push(priceRow(`price_${i}`, `prod_${i}`, '100', 'jpy'));
    }
    const files = writeCsvFiles({ 'products.csv': products.map(csvLine).join('\n'), 'prices.csv': prices.map(csvLine).join('\n') });
    const { importCatalog } = await import('../src/catalog/index.js');
    await importCatalog(database.db, { products: files['products.csv'], prices: files['prices.csv'] });
  });
  after(async () => database?.close());

  it('uses a Secure __Host- cookie when BASE_URL is https, and checks Origin against BASE_URL', async () => {
    const shop = await startTestShop(database, { env: { BASE_URL: 'https://shop.example' } });
    try {
      const added = await shop.app.inject({ method: 'POST', url: '/cart/prod_1', headers: { origin: 'https://shop.example' } });
      assert.equal(added.statusCode, 303);
      const line = sessionSetCookie(added)!;
      assert.match(line, /^__Host-kago_session=/);
      assert.match(line, /; Secure/);
      assert.match(line, /; Path=\//);
      const foreign = await shop.app.inject({ method: 'POST', url: '/cart/prod_1', headers: { origin: 'http://shop.example' } });
      assert.equal(foreign.statusCode, 403);
    } finally {
      await shop.app.close();
    }
  });

  it('rotates secrets: signs with the first, accepts the others', async () => {
    const oldShop = await startTestShop(database, { env: { SESSION_SECRET: 'old-secret-old-secret-old-secret-old' } });
    const newShop = await startTestShop(database, { env: { SESSION_SECRET: 'new-secret-new-secret-new-secret-new,old-secret-old-secret-old-secret-old' } });
    const otherShop = await startTestShop(database, { env: { SESSION_SECRET: 'other-secret-other-secret-other-secret' } });
    try {
      const cookie = sessionCookieOf(await oldShop.app.inject({ method: 'POST', url: '/cart/prod_1' }))!;
      const page = await newShop.app.inject({ url: '/', headers: { cookie } });
      assert.equal(headerCount(page.body), 1, 'accepted under the second secret');
      const resigned = sessionCookieOf(page);
      assert.ok(resigned && resigned !== cookie, 're-signed with the first secret');
      assert.equal(headerCount((await newShop.app.inject({ url: '/', headers: { cookie: resigned } })).body), 1);
      assert.equal(headerCount((await otherShop.app.inject({ url: '/', headers: { cookie } })).body), 0, 'unknown secret: ignored');
    } finally {
      await Promise.all([oldShop.app.close(), newShop.app.close(), otherShop.app.close()]);
    }
  });

  it('holds at most 100 lines: the 101st answers 422 and changes nothing', async () => {
    const shop = await startTestShop(database);
    try {
      const cookie = sessionCookieOf(await shop.app.inject({ method: 'POST', url: '/cart/prod_1' }))!;
      for (let i = 2; i <= 100; i++) {
        assert.equal((await shop.app.inject({ method: 'POST', url: `/cart/prod_${i}`, headers: { cookie } })).statusCode, 303);
      }
      const before = await cartState(database.db);
      const full = await shop.app.inject({ method: 'POST', url: '/cart/prod_101', headers: { cookie } });
      assert.equal(full.statusCode, 422);
      assert.match(full.body, /A cart can hold at most 100 different items/);
      assert.deepEqual(await cartState(database.db), before);
      assert.equal((await shop.app.inject({ method: 'POST', url: '/cart/prod_1', headers: { cookie } })).statusCode, 303, 'an existing line can still grow');
    } finally {
      await shop.app.close();
    }
  });

  it('generates a development secret in the data directory when SESSION_SECRET is unset, and keeps it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kago-secret-'));
    const env = { DATA_DIR: dataDir, SESSION_SECRET: '' };
    const first = await startTestShop(database, { env });
    const cookie = sessionCookieOf(await first.app.inject({ method: 'POST', url: '/cart/prod_1' }))!;
    await first.app.close();
    const file = path.join(dataDir, 'session-secret');
    assert.ok(existsSync(file));
    assert.ok(readFileSync(file, 'utf8').trim().length >= 32);
    const second = await startTestShop(database, { env });
    try {
      assert.ok(headerCount((await second.app.inject({ url: '/', headers: { cookie } })).body) >= 1, 'sessions survive a restart');
    } finally {
      await second.app.close();
    }
  });
});
