/**
 * The session an "Add to cart" creates, on SQLite and PostgreSQL: cookie attributes, tampering, expiry with an
 * injected clock; and on SQLite: https cookies, secret rotation, the line limit, and the development secret.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSqlSessionStore } from '../src/session/session-store.js';
import { startTestShop } from './support/app.js';
import { csvLine, PRICE_HEADER, priceRow, writeCsvFiles } from './support/catalog.js';
import { cartState, useAddToCartShop } from './support/cart.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';
import { headerCount, sessionCookieOf, sessionSetCookie } from './support/http.js';

const HOUR = 3_600_000;

for (const target of databaseTargets()) {
  describe(`session cookies of add to cart on ${target.name}`, { skip: target.skip }, () => {
    let clock = Date.UTC(2026, 0, 1);
    const { running, add, home, reset } = useAddToCartShop(target, () => clock);

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
      const original = await cartState(running.database.db);
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
        const [session] = (await cartState(running.database.db)).sessions;
        assert.equal(session!.expires_at, clock + 3 * HOUR);
        assert.equal(session!.cart_version, 1, 'reading did not touch the cart');
        clock = start + 4 * HOUR; // past the first expiry, within the rolled one
        assert.equal(headerCount((await home(cookie)).body), 1);
        clock = start + 8 * HOUR; // idle for four hours: gone
        const expired = await home(cookie);
        assert.equal(headerCount(expired.body), 0);
        assert.equal(expired.headers['set-cookie'], undefined);
        assert.equal(
          (await cartState(running.database.db)).sessions.length,
          1,
          'requests never delete; the purge job does',
        );
        assert.equal(await createSqlSessionStore(running.database.db).purgeExpired(clock), 1);
        assert.deepEqual(await cartState(running.database.db), { sessions: [], lines: [] });
      } finally {
        clock = start;
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
    const files = writeCsvFiles({
      'products.csv': products.map(csvLine).join('\n'),
      'prices.csv': prices.map(csvLine).join('\n'),
    });
    const { importCatalog } = await import('../src/catalog/index.js');
    await importCatalog(database.db, { products: files['products.csv'], prices: files['prices.csv'] });
  });
  after(async () => database?.close());

  it('uses a Secure __Host- cookie when BASE_URL is https, and checks Origin against BASE_URL', async () => {
    const shop = await startTestShop(database, { env: { BASE_URL: 'https://shop.example' } });
    try {
      const added = await shop.app.inject({
        method: 'POST',
        url: '/cart/prod_1',
        headers: { origin: 'https://shop.example' },
      });
      assert.equal(added.statusCode, 303);
      const line = sessionSetCookie(added)!;
      assert.match(line, /^__Host-kago_session=/);
      assert.match(line, /; Secure/);
      assert.match(line, /; Path=\//);
      const foreign = await shop.app.inject({
        method: 'POST',
        url: '/cart/prod_1',
        headers: { origin: 'http://shop.example' },
      });
      assert.equal(foreign.statusCode, 403);
    } finally {
      await shop.app.close();
    }
  });

  it('rotates secrets: signs with the first, accepts the others', async () => {
    const oldShop = await startTestShop(database, { env: { SESSION_SECRET: 'old-secret-old-secret-old-secret-old' } });
    const newShop = await startTestShop(database, {
      env: { SESSION_SECRET: 'new-secret-new-secret-new-secret-new,old-secret-old-secret-old-secret-old' },
    });
    const otherShop = await startTestShop(database, {
      env: { SESSION_SECRET: 'other-secret-other-secret-other-secret' },
    });
    try {
      const cookie = sessionCookieOf(await oldShop.app.inject({ method: 'POST', url: '/cart/prod_1' }))!;
      const page = await newShop.app.inject({ url: '/', headers: { cookie } });
      assert.equal(headerCount(page.body), 1, 'accepted under the second secret');
      const resigned = sessionCookieOf(page);
      assert.ok(resigned && resigned !== cookie, 're-signed with the first secret');
      assert.equal(headerCount((await newShop.app.inject({ url: '/', headers: { cookie: resigned } })).body), 1);
      assert.equal(
        headerCount((await otherShop.app.inject({ url: '/', headers: { cookie } })).body),
        0,
        'unknown secret: ignored',
      );
    } finally {
      await Promise.all([oldShop.app.close(), newShop.app.close(), otherShop.app.close()]);
    }
  });

  it('holds at most 100 lines: the 101st answers 422 and changes nothing', async () => {
    const shop = await startTestShop(database);
    try {
      const cookie = sessionCookieOf(await shop.app.inject({ method: 'POST', url: '/cart/prod_1' }))!;
      for (let i = 2; i <= 100; i++) {
        assert.equal(
          (await shop.app.inject({ method: 'POST', url: `/cart/prod_${i}`, headers: { cookie } })).statusCode,
          303,
        );
      }
      const before = await cartState(database.db);
      const full = await shop.app.inject({ method: 'POST', url: '/cart/prod_101', headers: { cookie } });
      assert.equal(full.statusCode, 422);
      assert.match(full.body, /A cart can hold at most 100 different items/);
      assert.deepEqual(await cartState(database.db), before);
      assert.equal(
        (await shop.app.inject({ method: 'POST', url: '/cart/prod_1', headers: { cookie } })).statusCode,
        303,
        'an existing line can still grow',
      );
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
      assert.ok(
        headerCount((await second.app.inject({ url: '/', headers: { cookie } })).body) >= 1,
        'sessions survive a restart',
      );
    } finally {
      await second.app.close();
    }
  });
});
