/**
 * The idempotency part of the cart store contract (test/store-contract.test.ts has the rest), run against every
 * store: SQL on SQLite and PostgreSQL, and Redis. A change with a key applies once per session; a repeat answers the
 * first change's version before any version check or limit; the same key with another request is refused; a
 * refused change records no key (the key is written with the change, all or nothing); keys live 24 hours.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  IDEMPOTENCY_KEY_TTL_MS,
  type CartCommand,
  type IdempotencyKey,
  type SellablePrice,
} from '../src/cart/cart-store.js';
import { CartError, CartVersionConflict, type CartErrorCode } from '../src/cart/errors.js';
import { MAX_LINE_QUANTITY } from '../src/cart/limits.js';
import { storeTargets, type TestStores } from './support/stores.js';

const HOUR = 3_600_000;
const TEA: SellablePrice = { priceId: 'price_tea', unitAmount: 1200, currency: 'jpy' };
const USD: SellablePrice = { priceId: 'price_usd', unitAmount: 2990, currency: 'usd' };
const add = (price: SellablePrice, quantity = 1): CartCommand => ({ kind: 'add', quantity, ...price });
const keyed = (key: string, fingerprint = 'add tea'): IdempotencyKey => ({ key, fingerprint });
const cartError = (code: CartErrorCode) => (error: unknown) => error instanceof CartError && error.code === code;

for (const target of storeTargets()) {
  describe(`cart store contract, idempotency keys, on ${target.name}`, { skip: target.skip }, () => {
    let stores: TestStores;
    // Real time: Redis expires keys by its own clock.
    const now = () => Date.now();
    const newSession = async () => (await stores.sessions.create(now(), HOUR)).id;
    const quantities = async (id: string) => {
      const cart = await stores.carts.read(id);
      return { version: cart!.version, lines: cart!.lines.map((line) => [line.priceId, line.quantity]) };
    };

    before(async () => {
      stores = await target.open();
    });
    after(async () => {
      await stores?.close();
    });

    it('a change with a key applies once; a repeat answers the version the first produced', async () => {
      const id = await newSession();
      assert.equal(await stores.carts.apply(id, [add(TEA)], now(), undefined, keyed('k1')), 1);
      for (let i = 0; i < 3; i += 1)
        assert.equal(await stores.carts.apply(id, [add(TEA)], now(), undefined, keyed('k1')), 1);
      assert.deepEqual(await quantities(id), { version: 1, lines: [['price_tea', 1]] });
      assert.equal(
        await stores.carts.apply(id, [add(TEA)], now(), undefined, keyed('k2')),
        2,
        'another key is another change',
      );
      assert.equal(await stores.carts.apply(id, [add(TEA)], now()), 3, 'no key: applied every time, as before');
      assert.deepEqual(await quantities(id), { version: 3, lines: [['price_tea', 3]] });
      assert.deepEqual(await stores.carts.findIdempotencyKey(id, 'k1'), { fingerprint: 'add tea', version: 1 });
      assert.equal(await stores.carts.findIdempotencyKey(id, 'k3'), undefined);
      assert.equal(await stores.carts.findIdempotencyKey('no-such-session', 'k1'), undefined);
    });

    it('a repeat is answered before limits and If-Match: the change it repeats already happened', async () => {
      const id = await newSession();
      assert.equal(await stores.carts.apply(id, [add(TEA, MAX_LINE_QUANTITY)], now(), 0, keyed('full')), 1);
      assert.equal(
        await stores.carts.apply(id, [add(TEA, MAX_LINE_QUANTITY)], now(), 0, keyed('full')),
        1,
        'not line_quantity_limit, not a version conflict',
      );
      await assert.rejects(
        stores.carts.apply(id, [add(TEA)], now(), 0, keyed('new')),
        (error) => error instanceof CartVersionConflict && error.currentVersion === 1,
      );
      assert.deepEqual(await quantities(id), { version: 1, lines: [['price_tea', MAX_LINE_QUANTITY]] });
    });

    it('the same key with another request is refused (idempotency_key_reused) and changes nothing', async () => {
      const id = await newSession();
      await stores.carts.apply(id, [add(TEA)], now(), undefined, keyed('k'));
      await assert.rejects(
        stores.carts.apply(id, [add(TEA, 2)], now(), undefined, keyed('k', 'add 2 tea')),
        cartError('idempotency_key_reused'),
      );
      assert.deepEqual(await quantities(id), { version: 1, lines: [['price_tea', 1]] });
    });

    it('a refused change records no key: the key goes with the change, all or nothing', async () => {
      const id = await newSession();
      await stores.carts.apply(id, [add(TEA)], now());
      await assert.rejects(
        stores.carts.apply(id, [add(USD)], now(), undefined, keyed('usd', 'add usd')),
        cartError('currency_mismatch'),
      );
      await assert.rejects(
        stores.carts.apply(id, [add(TEA)], now(), 0, keyed('stale')),
        (error) => error instanceof CartVersionConflict,
      );
      assert.equal(await stores.carts.findIdempotencyKey(id, 'usd'), undefined);
      assert.equal(await stores.carts.findIdempotencyKey(id, 'stale'), undefined);
      assert.deepEqual(await quantities(id), { version: 1, lines: [['price_tea', 1]] });
      assert.equal(
        await stores.carts.apply(id, [add(TEA)], now(), 1, keyed('stale')),
        2,
        'the key is free for a change that applies',
      );
    });

    it('keys belong to a session: the same key in another session is another change', async () => {
      const [alice, bob] = [await newSession(), await newSession()];
      await stores.carts.apply(alice, [add(TEA)], now(), undefined, keyed('shared'));
      assert.equal(await stores.carts.apply(bob, [add(TEA, 2)], now(), undefined, keyed('shared', 'add 2 tea')), 1);
      assert.deepEqual(await quantities(alice), { version: 1, lines: [['price_tea', 1]] });
      assert.deepEqual(await quantities(bob), { version: 1, lines: [['price_tea', 2]] });
    });

    it('20 concurrent changes with one key apply once', async () => {
      const id = await newSession();
      const versions = await Promise.all(
        Array.from({ length: 20 }, () => stores.carts.apply(id, [add(TEA)], now(), undefined, keyed('burst'))),
      );
      assert.deepEqual(new Set(versions), new Set([1]));
      assert.deepEqual(await quantities(id), { version: 1, lines: [['price_tea', 1]] });
    });

    it(`keys are remembered 24 hours${target.purgeCounts ? ', then purged' : ' (Redis expires them)'}`, async () => {
      const id = await newSession();
      // A change's time decides its key's expiry: one made 24 h - 1 min ago is still remembered, one made 24 h + 1 s ago
      // is not (not exactly 24 h: Redis expires a key only once its clock is past the expiry, not in the same ms).
      await stores.carts.apply(id, [add(TEA)], now() - IDEMPOTENCY_KEY_TTL_MS + 60_000, undefined, keyed('recent'));
      await stores.carts.apply(id, [add(TEA)], now() - IDEMPOTENCY_KEY_TTL_MS - 1000, undefined, keyed('old'));
      assert.equal(await stores.carts.apply(id, [add(TEA)], now(), undefined, keyed('recent')), 1, 'still remembered');
      assert.equal(await stores.carts.findIdempotencyKey(id, 'old'), undefined, 'forgotten once its time is up');
      assert.equal(await stores.carts.purgeExpiredKeys(now()), target.purgeCounts ? 1 : 0);
      assert.equal(
        await stores.carts.apply(id, [add(TEA)], now(), undefined, keyed('old')),
        3,
        'a forgotten key is a new change',
      );
      assert.deepEqual(await quantities(id), { version: 3, lines: [['price_tea', 3]] });
      assert.equal(await stores.carts.purgeExpiredKeys(now()), 0, 'the key used again is fresh');
    });
  });
}
