/**
 * Signing in to the owner's console, on SQLite and PostgreSQL: the console's own cookie (rotated at sign-in, ended
 * at sign-out), idle and absolute timeouts on an injected clock, throttling per account and per IP with the same
 * answer for a wrong password and an unknown address, `next` that never leaves the console, and a password hash
 * made at a lower cost upgraded at sign-in.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { verifyPassword } from '../src/admin/passwords.js';
import { addOwner, consoleCookieOf, OWNER_EMAIL, OWNER_PASSWORD, signInOwner } from './support/admin.js';
import { startTestShop, type TestShop } from './support/app.js';
import { formBody } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { SAME_ORIGIN } from './support/http.js';
import { parsePage } from './support/page.js';

const MINUTE = 60_000;

for (const target of databaseTargets()) {
  describe(`console sign-in on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    let clock = Date.UTC(2026, 10, 29, 9, 0, 0);
    const login = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      shop.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { ...SAME_ORIGIN, ...headers },
        payload: formBody(fields),
      });
    const home = (cookie: string) => shop.app.inject({ method: 'GET', url: '/admin/account', headers: { cookie } });
    const sessionRows = () => database.db.selectFrom('admin_sessions').selectAll().execute();

    before(async () => {
      database = await target.open();
      shop = await startTestShop(database, { deps: { now: () => clock } });
      await addOwner(database.db);
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });
    beforeEach(async () => {
      clock += 24 * 60 * MINUTE; // every test starts with throttling windows behind it
      await database.db.deleteFrom('admin_sessions').execute();
      await database.db.deleteFrom('admin_sign_in_failures').execute();
    });

    it('the sign-in page is no-store and noindex; a right password sets the console cookie and goes to next', async () => {
      const page = await shop.app.inject({ method: 'GET', url: '/admin/login?next=%2Fadmin%2Forders' });
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(String(page.headers['x-robots-tag']), /noindex/);
      const next = parsePage(page.body).document.querySelector('input[name="next"]');
      assert.deepEqual([next?.getAttribute('type'), next?.getAttribute('value')], ['hidden', '/admin/orders']);
      const response = await login({ email: ' Owner@Example.com ', password: OWNER_PASSWORD, next: '/admin/orders' });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/admin/orders');
      const setCookie = String(response.headers['set-cookie']);
      assert.match(setCookie, /^kago_admin=[A-Za-z0-9_-]{43};/);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Lax/);
      assert.equal((await sessionRows()).length, 1);
      const stored = (await sessionRows())[0]!.token_hash;
      assert.ok(!setCookie.includes(stored), 'the database keeps a hash, not the token');
    });

    it('next never leaves the console', async () => {
      for (const next of ['https://evil.example/admin', '//evil.example', '/cart', '/admin\\@evil', '/adminx']) {
        const response = await login({ email: OWNER_EMAIL, password: OWNER_PASSWORD, next });
        assert.equal(response.headers.location, '/admin', next);
      }
    });

    it('a wrong password and an unknown address get the same 401 page, and no session', async () => {
      const wrong = await login({ email: OWNER_EMAIL, password: 'not the password at all' });
      const unknown = await login({ email: 'nobody@example.com', password: 'not the password at all' });
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.match(wrong.body, /That email and password do not match an owner account\./);
      assert.equal(wrong.body.replace(OWNER_EMAIL, 'X'), unknown.body.replace('nobody@example.com', 'X'));
      assert.equal(consoleCookieOf(wrong.headers['set-cookie']), undefined);
      assert.equal((await sessionRows()).length, 0);
    });

    it('after 5 failures an address is refused for 15 minutes, known or not, even with the right password', async () => {
      for (const email of [OWNER_EMAIL, 'nobody@example.com']) {
        for (let attempt = 0; attempt < 5; attempt++)
          assert.equal(
            (await login({ email, password: 'wrong password here' }, { 'x-forwarded-for': `10.0.0.${attempt}` }))
              .statusCode,
            401,
          );
      }
      const known = await login({ email: OWNER_EMAIL, password: OWNER_PASSWORD });
      const unknown = await login({ email: 'nobody@example.com', password: OWNER_PASSWORD });
      for (const response of [known, unknown]) {
        assert.equal(response.statusCode, 429);
        assert.match(response.body, /Too many failed sign-ins\. Try again in 15 minutes\./);
        assert.equal(response.headers['retry-after'], '900');
      }
      assert.equal((await sessionRows()).length, 0);
      clock += 15 * MINUTE;
      assert.equal((await login({ email: OWNER_EMAIL, password: OWNER_PASSWORD })).statusCode, 303);
    });

    it('after 20 failures from one IP, every address is refused from it; a success clears only the account', async () => {
      for (let attempt = 0; attempt < 20; attempt++)
        await login({ email: `guess${attempt}@example.com`, password: 'wrong password here' });
      const response = await login({ email: OWNER_EMAIL, password: OWNER_PASSWORD });
      assert.equal(response.statusCode, 429);
      clock += 15 * MINUTE;
      assert.equal((await login({ email: OWNER_EMAIL, password: OWNER_PASSWORD })).statusCode, 303);
    });

    it('signing in again replaces the session: the old cookie no longer works', async () => {
      const first = await signInOwner(shop.app);
      const second = await shop.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { ...SAME_ORIGIN, cookie: first },
        payload: formBody({ email: OWNER_EMAIL, password: OWNER_PASSWORD }),
      });
      const secondCookie = consoleCookieOf(second.headers['set-cookie'])!;
      assert.notEqual(secondCookie, first);
      assert.equal((await home(first)).statusCode, 303);
      assert.equal((await sessionRows()).length, 1);
    });

    it('sign-out ends the session in the store, not only the cookie', async () => {
      const cookie = await signInOwner(shop.app);
      const out = await shop.app.inject({ method: 'POST', url: '/admin/logout', headers: { ...SAME_ORIGIN, cookie } });
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/admin/login?notice=signed_out');
      assert.match(String(out.headers['set-cookie']), /kago_admin=;/);
      assert.equal((await sessionRows()).length, 0);
      const replayed = await home(cookie);
      assert.equal(replayed.statusCode, 303);
      assert.match(String(replayed.headers.location), /^\/admin\/login\?next=%2Fadmin%2Faccount&notice=session_ended$/);
    });

    it('a session ends after 30 idle minutes, and after 12 hours however busy', async () => {
      const idle = await signInOwner(shop.app);
      clock += 29 * MINUTE;
      assert.notEqual((await home(idle)).statusCode, 303, 'used within 30 minutes: still signed in');
      clock += 30 * MINUTE;
      assert.equal((await home(idle)).statusCode, 303, '30 minutes after the last use: ended');

      const busy = await signInOwner(shop.app);
      for (let hour = 0; hour < 12; hour++) {
        clock += 20 * MINUTE;
        assert.notEqual((await home(busy)).statusCode, 303);
        clock += 20 * MINUTE;
        assert.notEqual((await home(busy)).statusCode, 303);
        clock += 20 * MINUTE;
        if (hour < 11) assert.notEqual((await home(busy)).statusCode, 303, `hour ${hour + 1}`);
      }
      assert.equal((await home(busy)).statusCode, 303, '12 hours after sign-in: ended');
    });

    it('a cross-site sign-in or sign-out is refused', async () => {
      const response = await shop.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
        payload: formBody({ email: OWNER_EMAIL, password: OWNER_PASSWORD }),
      });
      assert.equal(response.statusCode, 403);
      assert.equal((await sessionRows()).length, 0);
    });
  });
}

describe('the console cookie on https', () => {
  let database: TestDatabase;
  let shop: TestShop;
  before(async () => {
    database = await databaseTargets()[0]!.open();
    shop = await startTestShop(database, { env: { BASE_URL: 'https://shop.example' } });
    await addOwner(database.db);
  });
  after(async () => {
    await shop?.app.close();
    await database?.close();
  });

  it('is __Host- and Secure, apart from the shopper session cookie', async () => {
    const response = await shop.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { ...SAME_ORIGIN, host: 'shop.example' },
      payload: formBody({ email: OWNER_EMAIL, password: OWNER_PASSWORD }),
    });
    assert.equal(response.statusCode, 303);
    const setCookie = String(response.headers['set-cookie']);
    assert.match(setCookie, /^__Host-kago_admin=[^;]+; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });
});

describe('a shop at production cost', () => {
  let database: TestDatabase;
  let shop: TestShop;
  before(async () => {
    database = await databaseTargets()[0]!.open();
    // No injected cost: the shop hashes as production does; the owner's hash is the tests' cheaper one.
    shop = await startTestShop(database, { deps: { passwordCost: undefined } });
    await addOwner(database.db);
  });
  after(async () => {
    await shop?.app.close();
    await database?.close();
  });

  it("upgrades a cheaper password hash to today's cost at sign-in", async () => {
    const stored = () => database.db.selectFrom('admin_accounts').select('password_hash').executeTakeFirstOrThrow();
    assert.match((await stored()).password_hash, /^scrypt\$N=1024,r=8,p=1\$/);
    await signInOwner(shop.app);
    const upgraded = (await stored()).password_hash;
    assert.match(upgraded, /^scrypt\$N=32768,r=8,p=1\$/);
    assert.equal(await verifyPassword(OWNER_PASSWORD, upgraded), true);
    await signInOwner(shop.app);
    assert.equal((await stored()).password_hash, upgraded, "a hash at today's cost is kept");
  });
});
