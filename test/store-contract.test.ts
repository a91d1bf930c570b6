/**
 * The contract every SessionStore and CartStore keeps, run against each of them: the SQL stores on SQLite and on
 * PostgreSQL, and the Redis stores. Sessions: create, find, expiry, extend, purge. Carts: reads, versions and If-Match,
 * markPricesSeen, and concurrent changes. Commands and limits: test/store-contract-commands.test.ts; idempotency
 * keys: test/store-contract-keys.test.ts; how the Redis stores keep their keys: test/redis-stores.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CART_LINES } from '../src/cart/limits.js';
import {
  add,
  BULK,
  cartError,
  CLEAR,
  conflictAt,
  contents,
  CUP,
  HOUR,
  notFound,
  remove,
  set,
  sleep,
  SMALL,
  TEA,
  USD,
  useContractStores,
} from './support/store-contract.js';
import { storeTargets } from './support/stores.js';

for (const target of storeTargets()) {
  describe(`session and cart store contract on ${target.name}`, { skip: target.skip }, () => {
    const { stores, now, newSession, expiringCart, readCart, cartOf } = useContractStores(target);

    describe('sessions', () => {
      it('create gives a fresh 256-bit id and the expiry; find returns it until it expires', async () => {
        const time = now();
        const session = await stores.sessions.create(time, HOUR);
        const other = await stores.sessions.create(time, HOUR);
        assert.match(session.id, /^[A-Za-z0-9_-]{43}$/);
        assert.notEqual(session.id, other.id);
        assert.equal(session.expiresAt, time + HOUR);
        assert.deepEqual(await stores.sessions.find(session.id, time), session);
        assert.deepEqual(await stores.sessions.find(session.id, session.expiresAt - 1), session);
        assert.equal(await stores.sessions.find(session.id, session.expiresAt), undefined, 'expired at its expiry');
        assert.equal(await stores.sessions.find(session.id, session.expiresAt + HOUR), undefined);
        assert.equal(await stores.sessions.find('no-such-session', time), undefined);
      });

      it('extend moves the expiry forward only, and leaves the cart as it was', async () => {
        const session = await stores.sessions.create(now(), HOUR);
        await stores.carts.apply(session.id, [add(TEA, 2), add(CUP)], now());
        const before = await cartOf(session.id);
        const later = session.expiresAt + HOUR;
        await stores.sessions.extend(session.id, later);
        assert.deepEqual(await stores.sessions.find(session.id, now()), { id: session.id, expiresAt: later });
        assert.deepEqual(
          await stores.sessions.find(session.id, session.expiresAt + 1),
          { id: session.id, expiresAt: later },
          'alive past its old expiry',
        );
        assert.deepEqual(await cartOf(session.id), before, 'lines and version untouched');
        await stores.sessions.extend(session.id, later - 1000);
        assert.deepEqual(
          await stores.sessions.find(session.id, now()),
          { id: session.id, expiresAt: later },
          'never moved back',
        );
      });

      it('extend of a session that does not exist creates nothing', async () => {
        await stores.sessions.extend('no-such-session', now() + HOUR);
        assert.equal(await stores.sessions.find('no-such-session', now()), undefined);
        assert.equal(await stores.carts.read('no-such-session'), undefined);
      });

      it('an expired session stays gone before any purge: no cart to read or change, extend does not revive it', async () => {
        const id = await expiringCart(200, [add(TEA)]);
        await sleep(300);
        try {
          assert.equal(await stores.sessions.find(id, now()), undefined);
          assert.equal(await stores.carts.read(id), undefined, 'the cart of an expired session is still readable');
          await assert.rejects(stores.carts.apply(id, [add(TEA)], now()), notFound);
          await stores.sessions.extend(id, now() + HOUR);
          assert.equal(await stores.sessions.find(id, now()), undefined, 'extend revived an expired session');
        } finally {
          // Leave no expired session behind for the purge test to count.
          await stores.sessions.purgeExpired(now());
        }
      });

      it(`purgeExpired removes expired sessions with their carts and keeps live ones${target.purgeCounts ? '' : ' (Redis expires them itself: returns 0)'}`, async () => {
        const short = await expiringCart(300, [add(TEA)]);
        const live = await newSession();
        await stores.carts.apply(live, [add(CUP, 2)], now());
        await sleep(400);
        const purged = await stores.sessions.purgeExpired(now());
        assert.equal(purged, target.purgeCounts ? 1 : 0);
        assert.equal(await stores.sessions.find(short, 0), undefined);
        assert.equal(await stores.carts.read(short), undefined);
        assert.equal(await stores.carts.itemCount(short), 0);
        await assert.rejects(stores.carts.apply(short, [add(TEA)], now()), notFound);
        assert.ok(await stores.sessions.find(live, now()));
        assert.deepEqual(contents((await cartOf(live)).lines), [
          { priceId: 'price_cup', quantity: 2, unitAmountSeen: 3000 },
        ]);
      });
    });

    describe('cart reads', () => {
      it('a session that does not exist has no cart: read is undefined, itemCount 0, apply CartNotFound', async () => {
        assert.equal(await stores.carts.read('no-such-session'), undefined);
        assert.equal(await stores.carts.itemCount('no-such-session'), 0);
        await assert.rejects(stores.carts.apply('no-such-session', [add(TEA)], now()), notFound);
        await assert.rejects(
          stores.carts.apply('no-such-session', [add(TEA)], now(), 0),
          notFound,
          'CartNotFound before any version check',
        );
        await stores.carts.markPricesSeen('no-such-session', [{ lineId: 'price_tea', unitAmount: 1 }]);
        assert.equal(await stores.carts.read('no-such-session'), undefined);
      });

      it('a new session has an empty cart at version 0', async () => {
        const id = await newSession();
        assert.deepEqual(await readCart(id), { version: 0, lines: [] });
        assert.equal(await stores.carts.itemCount(id), 0);
      });

      it('itemCount sums the quantities', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA, 2), add(CUP, 5)], now());
        await stores.carts.apply(id, [add(SMALL, 3)], now());
        assert.equal(await stores.carts.itemCount(id), 10);
      });
    });

    describe('versions', () => {
      it('every apply that changes something bumps the version once and returns it; one that changes nothing keeps it', async () => {
        const id = await newSession();
        assert.equal(await stores.carts.apply(id, [add(TEA), add(CUP), add(TEA), set('price_cup', 4)], now()), 1);
        assert.equal(
          await stores.carts.apply(id, [remove('price_usd', 1)], now()),
          1,
          'a list that changes no line keeps the version',
        );
        assert.equal(await stores.carts.apply(id, [], now()), 1);
        assert.equal(
          await stores.carts.apply(id, [set('price_cup', 4)], now()),
          1,
          'setting a line to its quantity changes nothing',
        );
        assert.equal(
          await stores.carts.apply(id, [add(TEA), remove('price_tea', 1)], now()),
          2,
          'an add records the amount seen: a change',
        );
        assert.equal(await stores.carts.apply(id, [CLEAR], now()), 3);
        assert.equal(await stores.carts.apply(id, [CLEAR], now()), 3, 'clearing an empty cart changes nothing');
        assert.equal((await cartOf(id)).version, 3);
      });

      it('expectedVersion: applied when current, CartVersionConflict with the current version when stale', async () => {
        const id = await newSession();
        assert.equal(await stores.carts.apply(id, [add(TEA)], now(), 0), 1);
        assert.equal(await stores.carts.apply(id, [add(TEA)], now(), 1), 2);
        const before = await cartOf(id);
        await assert.rejects(stores.carts.apply(id, [add(TEA)], now(), 1), conflictAt(2));
        await assert.rejects(stores.carts.apply(id, [add(TEA)], now(), 7), conflictAt(2));
        await assert.rejects(
          stores.carts.apply(id, [add(USD)], now(), 0),
          conflictAt(2),
          'a stale version wins over a refused command',
        );
        assert.deepEqual(await cartOf(id), before);
        await assert.rejects(stores.carts.apply(id, [add(USD)], now(), 2), cartError('currency_mismatch'));
        assert.deepEqual(await cartOf(id), before);
      });
    });

    it('markPricesSeen records the amounts shown for lines in the cart only, without a new version', async () => {
      const id = await newSession();
      const time = now();
      await stores.carts.apply(id, [add(TEA, 2), add(CUP)], time);
      await stores.carts.markPricesSeen(id, [
        { lineId: 'price_tea', unitAmount: 1500 },
        { lineId: 'price_usd', unitAmount: 1 },
      ]);
      assert.deepEqual(await cartOf(id), {
        version: 1,
        lines: [
          { priceId: 'price_tea', quantity: 2, unitAmountSeen: 1500, addedAt: time },
          { priceId: 'price_cup', quantity: 1, unitAmountSeen: 3000, addedAt: time + 1 },
        ],
      });
      await stores.carts.markPricesSeen(id, []);
      assert.equal((await cartOf(id)).version, 1);
    });

    describe('concurrency', () => {
      it('50 concurrent adds of 1 to one line: quantity 50, version 50', async () => {
        const id = await newSession();
        const versions = await Promise.all(Array.from({ length: 50 }, () => stores.carts.apply(id, [add(TEA)], now())));
        assert.deepEqual(
          [...versions].sort((a, b) => a - b),
          Array.from({ length: 50 }, (_, i) => i + 1),
          'each apply got its own version',
        );
        assert.deepEqual(contents((await cartOf(id)).lines), [
          { priceId: 'price_tea', quantity: 50, unitAmountSeen: 1200 },
        ]);
        assert.equal((await cartOf(id)).version, 50);
      });

      it('20 concurrent adds of 20 different prices: 20 lines', async () => {
        const id = await newSession();
        await Promise.all(BULK.slice(0, 20).map((price) => stores.carts.apply(id, [add(price)], now())));
        const cart = await cartOf(id);
        assert.equal(cart.version, 20);
        assert.deepEqual(
          cart.lines.map((line) => line.priceId).sort(),
          BULK.slice(0, 20).map((price) => price.priceId),
        );
        assert.ok(cart.lines.every((line) => line.quantity === 1));
      });

      it('concurrent adds cannot race past the line limit', async () => {
        const id = await newSession();
        await stores.carts.apply(
          id,
          BULK.slice(0, MAX_CART_LINES - 5).map((price) => add(price)),
          now(),
        );
        const results = await Promise.allSettled(
          BULK.slice(MAX_CART_LINES - 5).map((price) => stores.carts.apply(id, [add(price)], now())),
        );
        const refused = results.filter((result) => result.status === 'rejected');
        assert.equal(refused.length, BULK.length - MAX_CART_LINES);
        assert.ok(refused.every((result) => cartError('cart_line_limit')(result.reason)));
        assert.equal((await cartOf(id)).lines.length, MAX_CART_LINES);
      });
    });
  });
}
