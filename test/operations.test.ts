/**
 * What a shop in production relies on, on SQLite and PostgreSQL: readiness, rate limits per client IP (and
 * TRUST_PROXY deciding whose IP that is), request ids, and housekeeping of expired sessions and pending orders.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IDEMPOTENCY_KEY_TTL_MS } from '../src/cart/cart-store.js';
import { createSqlCartStore } from '../src/cart/sql-cart-store.js';
import { createOwnerAccess } from '../src/admin/owner-access.js';
import { runHousekeeping } from '../src/jobs/housekeeping.js';
import { createOrderStore } from '../src/checkout/order-store.js';
import { createSqlSessionStore } from '../src/session/session-store.js';
import { startTestShop, type TestShop } from './support/app.js';
import { cartRows, importCartCatalog, useCartShop } from './support/cart.js';
import { shopper } from './support/checkout.js';
import { databaseTargets, type TestDatabase } from './support/databases.js';

for (const target of databaseTargets()) {
  describe(`operations on ${target.name}`, { skip: target.skip }, () => {
    let database: TestDatabase;
    let shop: TestShop;
    before(async () => {
      database = await target.open();
      await importCartCatalog(database.db);
      shop = await startTestShop(database, { env: { RATE_LIMIT_CART: '3/1m', RATE_LIMIT_CHECKOUT: '2/1m' } });
    });
    after(async () => {
      await shop?.app.close();
      await database?.close();
    });

    it('GET /readyz: 200 when the database answers and every migration is applied; 503 naming what is not', async () => {
      const ready = await shop.app.inject({ url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
      const [last] = await database.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .orderBy('name' as never, 'desc')
        .limit(1)
        .execute();
      await database.db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '=', (last as { name: string }).name as never)
        .execute();
      try {
        const notReady = await shop.app.inject({ url: '/readyz' });
        assert.equal(notReady.statusCode, 503);
        assert.equal(notReady.headers['retry-after'], '5');
        assert.deepEqual(notReady.json(), {
          status: 'unavailable',
          checks: { database: 'ok', migrations: `down: not applied: ${(last as { name: string }).name}` },
        });
      } finally {
        await database.db
          .insertInto('kysely_migration' as never)
          .values({ name: (last as { name: string }).name, timestamp: new Date().toISOString() } as never)
          .execute();
      }
      assert.equal((await shop.app.inject({ url: '/healthz' })).statusCode, 200);
    });

    it('limits cart changes per client IP: 429 with Retry-After in the error shape, nothing changed, other IPs unaffected', async () => {
      const from = (remoteAddress: string, url: string, payload: string, headers: Record<string, string> = {}) =>
        shop.app.inject({
          method: 'POST',
          url,
          remoteAddress,
          headers: { 'content-type': 'application/json', ...headers },
          payload,
        });
      for (let index = 0; index < 3; index += 1)
        assert.equal((await from('10.0.0.1', '/cart/add.js', '{"id":"prod_tea"}')).statusCode, 200);
      const before = await cartRows(database.db);
      const limited = await from('10.0.0.1', '/cart/add.js', '{"id":"prod_tea"}');
      assert.equal(limited.statusCode, 429);
      assert.match(limited.headers['retry-after'] as string, /^[0-9]+$/);
      assert.equal(limited.json().code, 'rate_limited');
      assert.deepEqual(Object.keys(limited.json()).sort(), ['code', 'description', 'message', 'status']);
      const page = await from('10.0.0.1', '/cart/prod_tea', '', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      assert.equal(page.statusCode, 429, 'the form routes share the limit');
      assert.match(page.body, /Too many requests/);
      assert.deepEqual(await cartRows(database.db), before);
      assert.equal((await from('10.0.0.2', '/cart/add.js', '{"id":"prod_tea"}')).statusCode, 200, 'another client');
      assert.equal(
        (await shop.app.inject({ url: '/cart.js', remoteAddress: '10.0.0.1' })).statusCode,
        200,
        'reads are not limited',
      );
      const spoofed = await from('10.0.0.1', '/cart/add.js', '{"id":"prod_tea"}', { 'x-forwarded-for': '192.0.2.7' });
      assert.equal(spoofed.statusCode, 429, 'without TRUST_PROXY, X-Forwarded-For is not believed');
    });

    it('limits checkout separately', async () => {
      const alice = shopper(shop);
      const checkout = () =>
        shop.app.inject({
          method: 'POST',
          url: '/checkout',
          remoteAddress: '10.0.1.1',
          headers: { 'sec-fetch-site': 'same-origin', ...(alice.cookie ? { cookie: alice.cookie } : {}) },
        });
      assert.equal((await checkout()).statusCode, 303);
      assert.equal((await checkout()).statusCode, 303);
      assert.equal((await checkout()).statusCode, 429);
    });

    it('makes a request id for every request, ignoring one sent by a client when no proxy is trusted', async () => {
      const made = await shop.app.inject({ url: '/healthz', headers: { 'x-request-id': 'client-req-12345678' } });
      assert.match(made.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
    });

    it('housekeeping deletes expired sessions, cart idempotency keys past 24 h, and expires pending orders whose checkout time ran out', async () => {
      const sessions = createSqlSessionStore(database.db);
      const carts = createSqlCartStore(database.db);
      const orders = createOrderStore(database.db);
      const now = Date.now();
      const old = await sessions.create(now - 10_000, 5_000);
      const live = await sessions.create(now, 60_000);
      const noShipping = { shippingRequired: false, shipTo: null, shippingOptions: [] };
      const line = {
        cartLineKey: 'price_tea',
        priceId: 'price_tea',
        productId: 'prod_tea',
        name: 'Sencha tea',
        unitAmount: 1200,
        quantity: 1,
        lineTotal: 1200,
      };
      const stale = await orders.createPending(
        'STALEORDER01',
        {
          sessionId: live.id,
          currency: 'jpy',
          fingerprint: 'a',
          provider: 'demo',
          checkoutExpiresAt: now - 1,
          lines: [line],
          ...noShipping,
        },
        now - 3_600_000,
      );
      const fresh = await orders.createPending(
        'FRESHORDER01',
        {
          sessionId: live.id,
          currency: 'jpy',
          fingerprint: 'b',
          provider: 'demo',
          checkoutExpiresAt: now + 60_000,
          lines: [line],
          ...noShipping,
        },
        now,
      );
      const tea = { priceId: 'price_tea', unitAmount: 1200, currency: 'jpy' };
      await carts.apply(live.id, [{ kind: 'add', quantity: 1, ...tea }], now - IDEMPOTENCY_KEY_TTL_MS, undefined, {
        key: 'old-key',
        fingerprint: 'f',
      });
      await carts.apply(live.id, [{ kind: 'add', quantity: 1, ...tea }], now, undefined, {
        key: 'new-key',
        fingerprint: 'f',
      });
      let clock = now - 31 * 60_000;
      const access = createOwnerAccess(database.db, {
        idleMs: 30 * 60_000,
        lifetimeMs: 12 * 3_600_000,
        signInLimits: { perAccount: undefined, perIp: undefined },
        now: () => clock,
      });
      await access.accounts.add('housekeeping@example.com', 'a long enough password');
      const ended = await access.signIn('housekeeping@example.com', 'a long enough password', null);
      clock = now;
      const done = await runHousekeeping(
        {
          purgeSessions: (time) => sessions.purgeExpired(time),
          expireOrders: (time) => orders.expireStale(time),
          purgeCartKeys: (time) => carts.purgeExpiredKeys(time),
          purgeConsoleSessions: (time) => access.purgeExpired(time),
        },
        now,
      );
      assert.ok(done.sessions >= 1 && done.orders >= 1 && done.cartKeys >= 1 && done.consoleSessions >= 1);
      assert.equal(ended.kind, 'signed_in');
      assert.equal(
        (await database.db.selectFrom('admin_sessions').select('token_hash').execute()).length,
        0,
        'the idle console session is purged',
      );
      const keys = await database.db
        .selectFrom('cart_idempotency_keys')
        .select('key')
        .where('session_id', '=', live.id)
        .execute();
      assert.deepEqual(
        keys.map((row) => row.key),
        ['new-key'],
        'the key past 24 h is purged, the fresh one kept',
      );
      assert.equal(await sessions.find(old.id, now - 10_000), undefined);
      assert.ok(await sessions.find(live.id, now));
      assert.equal((await orders.get(stale.id))!.status, 'expired');
      assert.equal((await orders.get(fresh.id))!.status, 'pending');
    });
  });
}

describe('TRUST_PROXY', () => {
  const running = useCartShop({ RATE_LIMIT_CART: '1/1m', TRUST_PROXY: 'loopback' });

  it('with the proxy trusted, the client IP is the one the proxy saw, and a client-sent header cannot change it', async () => {
    const viaProxy = (clientIp: string, forwarded = clientIp) =>
      running.shop.app.inject({
        method: 'POST',
        url: '/cart/add.js',
        remoteAddress: '127.0.0.1',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded },
        payload: '{"id":"prod_tea"}',
      });
    assert.equal((await viaProxy('198.51.100.1')).statusCode, 200);
    assert.equal((await viaProxy('198.51.100.1')).statusCode, 429);
    assert.equal((await viaProxy('198.51.100.2')).statusCode, 200, 'another client behind the same proxy');
    assert.equal(
      (await viaProxy('198.51.100.1', '203.0.113.9, 198.51.100.1')).statusCode,
      429,
      'a spoofed first hop is ignored',
    );
    const fromProxy = await running.shop.app.inject({
      url: '/healthz',
      remoteAddress: '127.0.0.1',
      headers: { 'x-request-id': 'proxy-req-12345678' },
    });
    assert.equal(fromProxy.headers['x-request-id'], 'proxy-req-12345678', "the proxy's request id is kept");
    const insane = await running.shop.app.inject({
      url: '/healthz',
      remoteAddress: '127.0.0.1',
      headers: { 'x-request-id': '<script>' },
    });
    assert.match(insane.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
    const direct = await running.shop.app.inject({
      method: 'POST',
      url: '/cart/add.js',
      remoteAddress: '198.51.100.1',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.50' },
      payload: '{"id":"prod_tea"}',
    });
    assert.equal(direct.statusCode, 429, 'a client that is not the proxy cannot claim another address');
  });
});
