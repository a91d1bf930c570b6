/**
 * The contract every SessionStore and CartStore keeps, run against each of them: the SQL stores on SQLite and on
 * PostgreSQL, and the Redis stores. Sessions: create, find, expiry, extend, purge. Carts: reads, line order, merging,
 * every command, the limits, all-or-nothing lists, versions and If-Match, markPricesSeen, and concurrent changes.
 * The Redis stores also get their key expiries checked. Idempotency keys: test/store-contract-keys.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CartCommand, SellablePrice, StoredCart, StoredLine } from '../src/cart/cart-store.js';
import { CartError, CartNotFound, CartVersionConflict, type CartErrorCode } from '../src/cart/errors.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../src/cart/limits.js';
import { createRedisCartStore } from '../src/cart/redis-cart-store.js';
import { sessionKeys } from '../src/redis/keys.js';
import { BULK_PRICES, openTestRedis, plainCart, storeTargets, type TestStores } from './support/stores.js';

const HOUR = 3_600_000;
const TEA: SellablePrice = { priceId: 'price_tea', unitAmount: 1200, currency: 'jpy' };
const CUP: SellablePrice = { priceId: 'price_cup', unitAmount: 3000, currency: 'jpy' };
const SMALL: SellablePrice = { priceId: 'price_cup_small', unitAmount: 1800, currency: 'jpy' };
const USD: SellablePrice = { priceId: 'price_usd', unitAmount: 2990, currency: 'usd' };
const BULK: SellablePrice[] = BULK_PRICES.map((price) => ({ priceId: price.id, unitAmount: 1, currency: 'jpy' }));

const add = (price: SellablePrice, quantity = 1): CartCommand => ({ kind: 'add', quantity, ...price });
const set = (priceId: string, quantity: number, sellable?: SellablePrice): CartCommand => ({ kind: 'set', lineId: priceId, quantity, ...(sellable ? { sellable } : {}) });
const remove = (priceId: string, quantity: number): CartCommand => ({ kind: 'remove', lineId: priceId, quantity });
const CLEAR: CartCommand = { kind: 'clear' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cartError = (code: CartErrorCode) => (error: unknown) => error instanceof CartError && error.code === code;
const conflictAt = (version: number) => (error: unknown) => error instanceof CartVersionConflict && error.currentVersion === version;
const notFound = (error: unknown) => error instanceof CartNotFound;
/** Lines without addedAt, for comparing contents. */
const contents = (lines: StoredLine[]) => lines.map(({ priceId, quantity, unitAmountSeen }) => ({ priceId, quantity, unitAmountSeen }));

for (const target of storeTargets()) {
  describe(`session and cart store contract on ${target.name}`, { skip: target.skip }, () => {
    let stores: TestStores;
    // Real time: Redis expires keys by its own clock, so sessions must live in the present.
    const now = () => Date.now();
    const newSession = async (ttlMs = HOUR) => (await stores.sessions.create(now(), ttlMs)).id;
    const readCart = async (id: string) => plainCart(await stores.carts.read(id)) as StoredCart | undefined;
    const cartOf = async (id: string) => {
      const cart = await readCart(id);
      assert.ok(cart, 'the cart exists');
      return cart;
    };

    before(async () => {
      stores = await target.open();
    });
    after(async () => {
      await stores?.close();
    });

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
        assert.deepEqual(await stores.sessions.find(session.id, session.expiresAt + 1), { id: session.id, expiresAt: later }, 'alive past its old expiry');
        assert.deepEqual(await cartOf(session.id), before, 'lines and version untouched');
        await stores.sessions.extend(session.id, later - 1000);
        assert.deepEqual(await stores.sessions.find(session.id, now()), { id: session.id, expiresAt: later }, 'never moved back');
      });

      it('extend of a session that does not exist creates nothing', async () => {
        await stores.sessions.extend('no-such-session', now() + HOUR);
        assert.equal(await stores.sessions.find('no-such-session', now()), undefined);
        assert.equal(await stores.carts.read('no-such-session'), undefined);
      });

      it(
        'an expired session stays gone before any purge: no cart to read or change, extend does not revive it',
        async () => {
          const id = await newSession(200);
          await stores.carts.apply(id, [add(TEA)], now());
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
        },
      );

      it(`purgeExpired removes expired sessions with their carts and keeps live ones${target.purgeCounts ? '' : ' (Redis expires them itself: returns 0)'}`, async () => {
        const short = await newSession(300);
        await stores.carts.apply(short, [add(TEA)], now());
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
        assert.deepEqual(contents((await cartOf(live)).lines), [{ priceId: 'price_cup', quantity: 2, unitAmountSeen: 3000 }]);
      });
    });

    describe('cart reads', () => {
      it('a session that does not exist has no cart: read is undefined, itemCount 0, apply CartNotFound', async () => {
        assert.equal(await stores.carts.read('no-such-session'), undefined);
        assert.equal(await stores.carts.itemCount('no-such-session'), 0);
        await assert.rejects(stores.carts.apply('no-such-session', [add(TEA)], now()), notFound);
        await assert.rejects(stores.carts.apply('no-such-session', [add(TEA)], now(), 0), notFound, 'CartNotFound before any version check');
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

    describe('cart commands', () => {
      it('add creates lines in the order they were added; new lines of one request in command order', async () => {
        const id = await newSession();
        const time = now();
        assert.equal(await stores.carts.apply(id, [add(TEA, 2), add(CUP)], time), 1);
        assert.equal(await stores.carts.apply(id, [add(SMALL, 4)], time + 10), 2);
        assert.deepEqual(await cartOf(id), {
          version: 2,
          lines: [
            { priceId: 'price_tea', quantity: 2, unitAmountSeen: 1200, addedAt: time },
            { priceId: 'price_cup', quantity: 1, unitAmountSeen: 3000, addedAt: time + 1 },
            { priceId: 'price_cup_small', quantity: 4, unitAmountSeen: 1800, addedAt: time + 10 },
          ],
        });
        // Command order, not price id order, even within one millisecond.
        const other = await newSession();
        await stores.carts.apply(other, [add(TEA), add(SMALL), add(CUP)], time);
        assert.deepEqual((await cartOf(other)).lines.map((line) => line.priceId), ['price_tea', 'price_cup_small', 'price_cup']);
      });

      it('add merges into the line of the same price: quantity adds up, place kept, seen amount updated', async () => {
        const id = await newSession();
        const time = now();
        await stores.carts.apply(id, [add(TEA), add(CUP)], time);
        await stores.carts.apply(id, [add({ ...TEA, unitAmount: 1300 }, 2), add(TEA, 3)], time + 50);
        assert.deepEqual((await cartOf(id)).lines, [
          { priceId: 'price_tea', quantity: 6, unitAmountSeen: 1200, addedAt: time },
          { priceId: 'price_cup', quantity: 1, unitAmountSeen: 3000, addedAt: time + 1 },
        ]);
        await stores.carts.apply(id, [add({ ...TEA, unitAmount: 1300 })], time + 60);
        assert.deepEqual((await cartOf(id)).lines[0], { priceId: 'price_tea', quantity: 7, unitAmountSeen: 1300, addedAt: time });
      });

      it('set changes a line, 0 removes it; a missing line is created from sellable, or refused without it', async () => {
        const id = await newSession();
        const time = now();
        await stores.carts.apply(id, [add(TEA, 2), add(CUP)], time);
        await stores.carts.apply(id, [set('price_tea', 5), set('price_cup', 0)], time + 10);
        assert.deepEqual((await cartOf(id)).lines, [{ priceId: 'price_tea', quantity: 5, unitAmountSeen: 1200, addedAt: time }]);
        await assert.rejects(stores.carts.apply(id, [set('price_cup', 1)], time + 20), cartError('line_not_found'));
        await stores.carts.apply(id, [set('price_cup', 0)], time + 20);
        await stores.carts.apply(id, [set('price_cup_small', 3, SMALL)], time + 30);
        assert.deepEqual((await cartOf(id)).lines, [
          { priceId: 'price_tea', quantity: 5, unitAmountSeen: 1200, addedAt: time },
          { priceId: 'price_cup_small', quantity: 3, unitAmountSeen: 1800, addedAt: time + 30 },
        ]);
        assert.equal((await cartOf(id)).version, 3, 'the refused set and the set of a line not there changed nothing');
      });

      it('remove takes up to the quantity out of a line; a missing line is fine', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA, 5), add(CUP, 3)], now());
        await stores.carts.apply(id, [remove('price_tea', 2), remove('price_cup', 10), remove('price_cup_small', 1)], now());
        assert.deepEqual(contents((await cartOf(id)).lines), [{ priceId: 'price_tea', quantity: 3, unitAmountSeen: 1200 }]);
        assert.equal((await cartOf(id)).version, 2);
      });

      it('clear empties the cart; a later add starts it again', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA, 5), add(CUP, 3)], now());
        assert.equal(await stores.carts.apply(id, [CLEAR], now()), 2);
        assert.deepEqual(await readCart(id), { version: 2, lines: [] });
        assert.equal(await stores.carts.itemCount(id), 0);
        await stores.carts.apply(id, [add(USD)], now());
        assert.deepEqual(contents((await cartOf(id)).lines), [{ priceId: 'price_usd', quantity: 1, unitAmountSeen: 2990 }]);
      });

      it('clear then add in one list: a new currency is allowed', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA, 5)], now());
        await stores.carts.apply(id, [CLEAR, add(USD, 2)], now());
        assert.deepEqual(contents((await cartOf(id)).lines), [{ priceId: 'price_usd', quantity: 2, unitAmountSeen: 2990 }]);
      });

      it('a change after markPricesSeen keeps the seen amount unless it is an add', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA, 2), add(CUP)], now());
        await stores.carts.markPricesSeen(id, [{ lineId: 'price_tea', unitAmount: 1000 }]);
        await stores.carts.apply(id, [set('price_tea', 4), remove('price_cup', 0)], now());
        assert.deepEqual(contents((await cartOf(id)).lines), [
          { priceId: 'price_tea', quantity: 4, unitAmountSeen: 1000 },
          { priceId: 'price_cup', quantity: 1, unitAmountSeen: 3000 },
        ]);
      });
    });

    describe('limits and all-or-nothing', () => {
      it(`at most ${MAX_LINE_QUANTITY} of one line`, async () => {
        const id = await newSession();
        await assert.rejects(stores.carts.apply(id, [add(TEA, MAX_LINE_QUANTITY + 1)], now()), cartError('line_quantity_limit'));
        await stores.carts.apply(id, [add(TEA, MAX_LINE_QUANTITY)], now());
        const full = await cartOf(id);
        await assert.rejects(stores.carts.apply(id, [add(TEA)], now()), cartError('line_quantity_limit'));
        assert.deepEqual(await cartOf(id), full);
        await stores.carts.apply(id, [remove('price_tea', 1), add(TEA)], now());
        assert.equal(await stores.carts.itemCount(id), MAX_LINE_QUANTITY);
      });

      it(`at most ${MAX_CART_LINES} lines; replacing a line in one list is fine`, async () => {
        const id = await newSession();
        // New lines of one request take consecutive milliseconds: later requests come well after them.
        const time = now();
        await stores.carts.apply(id, BULK.slice(0, MAX_CART_LINES).map((price) => add(price)), time);
        const full = await cartOf(id);
        assert.equal(full.lines.length, MAX_CART_LINES);
        assert.deepEqual(full.lines.map((line) => line.priceId), BULK.slice(0, MAX_CART_LINES).map((price) => price.priceId));
        await assert.rejects(stores.carts.apply(id, [add(BULK[MAX_CART_LINES]!)], now()), cartError('cart_line_limit'));
        await assert.rejects(stores.carts.apply(id, [set(BULK[MAX_CART_LINES]!.priceId, 1, BULK[MAX_CART_LINES])], now()), cartError('cart_line_limit'));
        assert.deepEqual(await cartOf(id), full);
        await stores.carts.apply(id, [add(BULK[0]!, 2)], time + 1000);
        await stores.carts.apply(id, [set(BULK[1]!.priceId, 0), add(BULK[MAX_CART_LINES]!)], time + 1000);
        const after = await cartOf(id);
        assert.equal(after.lines.length, MAX_CART_LINES);
        assert.equal(after.lines.at(-1)!.priceId, BULK[MAX_CART_LINES]!.priceId);
        assert.equal(after.lines[0]!.quantity, 3);
      });

      it('one currency per cart', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA)], now());
        await assert.rejects(stores.carts.apply(id, [add(USD)], now()), cartError('currency_mismatch'));
        await assert.rejects(stores.carts.apply(id, [set('price_usd', 1, USD)], now()), cartError('currency_mismatch'));
        const other = await newSession();
        await assert.rejects(stores.carts.apply(other, [add(USD), add(TEA)], now()), cartError('currency_mismatch'));
        assert.deepEqual(await readCart(other), { version: 0, lines: [] });
      });

      it('a list with a refused command changes nothing, version included', async () => {
        const id = await newSession();
        await stores.carts.apply(id, [add(TEA, 5), add(CUP, 2)], now());
        const before = await cartOf(id);
        const refused: Array<[CartCommand[], CartErrorCode]> = [
          [[add(SMALL), add(CUP), add(USD)], 'currency_mismatch'],
          [[set('price_tea', 50), add(TEA, 50)], 'line_quantity_limit'],
          [[CLEAR, add(SMALL), set('price_cup', 1)], 'line_not_found'],
          [[remove('price_tea', 5), set('price_usd', 2)], 'line_not_found'],
        ];
        for (const [commands, code] of refused) {
          await assert.rejects(stores.carts.apply(id, commands, now()), cartError(code));
          assert.deepEqual(await cartOf(id), before, code);
        }
        assert.equal(await stores.carts.itemCount(id), 7);
      });
    });

    describe('versions', () => {
      it('every apply that changes something bumps the version once and returns it; one that changes nothing keeps it', async () => {
        const id = await newSession();
        assert.equal(await stores.carts.apply(id, [add(TEA), add(CUP), add(TEA), set('price_cup', 4)], now()), 1);
        assert.equal(await stores.carts.apply(id, [remove('price_usd', 1)], now()), 1, 'a list that changes no line keeps the version');
        assert.equal(await stores.carts.apply(id, [], now()), 1);
        assert.equal(await stores.carts.apply(id, [set('price_cup', 4)], now()), 1, 'setting a line to its quantity changes nothing');
        assert.equal(await stores.carts.apply(id, [add(TEA), remove('price_tea', 1)], now()), 2, 'an add records the amount seen: a change');
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
        await assert.rejects(stores.carts.apply(id, [add(USD)], now(), 0), conflictAt(2), 'a stale version wins over a refused command');
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
        assert.deepEqual([...versions].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1), 'each apply got its own version');
        assert.deepEqual(contents((await cartOf(id)).lines), [{ priceId: 'price_tea', quantity: 50, unitAmountSeen: 1200 }]);
        assert.equal((await cartOf(id)).version, 50);
      });

      it('20 concurrent adds of 20 different prices: 20 lines', async () => {
        const id = await newSession();
        await Promise.all(BULK.slice(0, 20).map((price) => stores.carts.apply(id, [add(price)], now())));
        const cart = await cartOf(id);
        assert.equal(cart.version, 20);
        assert.deepEqual(cart.lines.map((line) => line.priceId).sort(), BULK.slice(0, 20).map((price) => price.priceId));
        assert.ok(cart.lines.every((line) => line.quantity === 1));
      });

      it('concurrent adds cannot race past the line limit', async () => {
        const id = await newSession();
        await stores.carts.apply(id, BULK.slice(0, MAX_CART_LINES - 5).map((price) => add(price)), now());
        const results = await Promise.allSettled(BULK.slice(MAX_CART_LINES - 5).map((price) => stores.carts.apply(id, [add(price)], now())));
        const refused = results.filter((result) => result.status === 'rejected');
        assert.equal(refused.length, BULK.length - MAX_CART_LINES);
        assert.ok(refused.every((result) => cartError('cart_line_limit')(result.reason)));
        assert.equal((await cartOf(id)).lines.length, MAX_CART_LINES);
      });
    });

    if (target.name === 'redis') {
      describe('Redis keys', () => {
        const keysOf = (id: string) => sessionKeys(stores.redis!.prefix, id);
        const expiry = async (key: string) => {
          const client = stores.redis!.client;
          return { pttl: await client.pttl(key), at: Number(await client.call('PEXPIRETIME', key)) };
        };

        it('both keys share the session hash tag and expire at the session expiry', async () => {
          const session = await stores.sessions.create(now(), HOUR);
          const keys = keysOf(session.id);
          assert.equal(keys.session, `${stores.redis!.prefix}{${session.id}}:session`);
          assert.equal(keys.cart, `${stores.redis!.prefix}{${session.id}}:cart`);
          const client = stores.redis!.client;
          assert.deepEqual(await client.hgetall(keys.session), { created: String(session.expiresAt - HOUR), expires: String(session.expiresAt), version: '0' });
          assert.equal(await client.exists(keys.cart), 0, 'no cart key until something is added');
          await stores.carts.apply(session.id, [add(TEA)], now());
          for (const key of [keys.session, keys.cart]) {
            const { pttl, at } = await expiry(key);
            assert.equal(at, session.expiresAt, key);
            // PTTL counts from Redis's clock, which can read a little behind ours on a busy machine.
            assert.ok(pttl > HOUR - 5000 && pttl <= session.expiresAt - now() + 250, `${key}: ${pttl}`);
          }
          await stores.carts.apply(session.id, [CLEAR], now());
          assert.equal(await client.exists(keys.cart), 0, 'an empty cart is no key');
        });

        it('extend moves both expiries and does not touch the cart hash', async () => {
          const session = await stores.sessions.create(now(), HOUR);
          const keys = keysOf(session.id);
          const client = stores.redis!.client;
          await stores.carts.apply(session.id, [add(TEA, 2), add(CUP)], now());
          const cart = await client.hgetall(keys.cart);
          const version = await client.hget(keys.session, 'version');
          const later = session.expiresAt + HOUR;
          await stores.sessions.extend(session.id, later);
          assert.deepEqual(await client.hgetall(keys.cart), cart);
          assert.equal(await client.hget(keys.session, 'version'), version);
          assert.equal(await client.hget(keys.session, 'expires'), String(later));
          for (const key of [keys.session, keys.cart]) {
            const { pttl, at } = await expiry(key);
            assert.equal(at, later, key);
            assert.ok(pttl > 2 * HOUR - 5000, `${key}: ${pttl}`);
          }
        });

        it('concurrent adds from separate connections (processes) add up', async () => {
          const id = await newSession();
          const clients = await Promise.all([openTestRedis(), openTestRedis()]);
          try {
            const carts = clients.map((client) => createRedisCartStore(client, { keyPrefix: stores.redis!.prefix }));
            await Promise.all(carts.flatMap((store) => Array.from({ length: 25 }, () => store.apply(id, [add(TEA)], now()))));
          } finally {
            await Promise.all(clients.map((client) => client.quit()));
          }
          assert.deepEqual(await cartOf(id), { version: 50, lines: [(await cartOf(id)).lines[0]!] });
          assert.equal(await stores.carts.itemCount(id), 50);
        });

        it('a change that keeps losing the race gives up with a clear error and changes nothing', async () => {
          const limited = await target.open({ cart: { maxAttempts: 1 } });
          try {
            const id = (await limited.sessions.create(now(), HOUR)).id;
            const results = await Promise.allSettled(Array.from({ length: 10 }, () => limited.carts.apply(id, [add(TEA)], now())));
            const applied = results.filter((result) => result.status === 'fulfilled').length;
            const gaveUp = results.filter((result) => result.status === 'rejected');
            assert.ok(gaveUp.length > 0 && applied > 0, `${applied} applied`);
            for (const result of gaveUp) assert.match(String(result.reason), /gave up after 1 attempts/);
            assert.equal(await limited.carts.itemCount(id), applied);
            assert.equal((await limited.carts.read(id))!.version, applied);
          } finally {
            await limited.close();
          }
        });
      });
    }
  });
}
