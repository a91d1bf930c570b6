/**
 * CartStore.applyToNewSession, on every store that offers it (the SQL stores; Redis creates the session first): a new
 * visitor's first change creates the session and writes the change in one atomic step, with its idempotency key; a
 * refused change leaves no session behind. The session is then like any other: found, changed, keys replayed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CartCommand, SellablePrice } from '../src/cart/cart-store.js';
import { CartError } from '../src/cart/errors.js';
import { MAX_LINE_QUANTITY } from '../src/cart/limits.js';
import { newSessionId } from '../src/session/session-store.js';
import { plainCart, storeTargets, type TestStores } from './support/stores.js';

const HOUR = 3_600_000;
const TEA: SellablePrice = { priceId: 'price_tea', unitAmount: 1200, currency: 'jpy' };
const USD: SellablePrice = { priceId: 'price_usd', unitAmount: 2990, currency: 'usd' };
const add = (price: SellablePrice, quantity = 1): CartCommand => ({ kind: 'add', quantity, ...price });

for (const target of storeTargets()) {
  describe(`applyToNewSession on ${target.name}`, { skip: target.skip }, () => {
    let stores: TestStores;
    before(async () => {
      stores = await target.open();
    });
    after(async () => {
      await stores?.close();
    });

    it(
      'is offered by the SQL stores',
      { skip: target.name === 'redis' && 'Redis creates the session, then applies' },
      () => {
        assert.equal(typeof stores.carts.applyToNewSession, 'function');
      },
    );

    const offered = () => (target.name === 'redis' ? 'not offered' : false);

    it('creates a live session holding the change, at version 1', { skip: offered() }, async () => {
      const now = Date.now();
      const created = { sessionId: newSessionId(), expiresAt: now + HOUR };
      assert.equal(
        await stores.carts.applyToNewSession!(
          { id: created.sessionId, expiresAt: created.expiresAt },
          [add(TEA, 2)],
          now,
        ),
        1,
      );
      assert.deepEqual(await stores.sessions.find(created.sessionId, now), {
        id: created.sessionId,
        expiresAt: now + HOUR,
      });
      assert.deepEqual(plainCart(await stores.carts.read(created.sessionId)), {
        version: 1,
        lines: [{ priceId: 'price_tea', quantity: 2, unitAmountSeen: 1200, addedAt: now }],
      });
      // Afterwards it is a session like any other.
      assert.equal(await stores.carts.apply(created.sessionId, [add(TEA)], now, 1), 2);
      assert.equal((await stores.carts.read(created.sessionId))!.lines[0]!.quantity, 3);
    });

    it('keeps a first line’s properties, and writes two first lines alike', { skip: offered() }, async () => {
      const now = Date.now();
      const engraved = newSessionId();
      const properties = { Engraving: 'Hana' };
      await stores.carts.applyToNewSession!(
        { id: engraved, expiresAt: now + HOUR },
        [{ kind: 'add', quantity: 3, ...TEA, properties }],
        now,
      );
      const cart = (await stores.carts.read(engraved))!;
      assert.deepEqual(
        cart.lines.map(({ priceId, properties, quantity, unitAmountSeen }) => ({
          priceId,
          properties,
          quantity,
          unitAmountSeen,
        })),
        [{ priceId: 'price_tea', properties, quantity: 3, unitAmountSeen: 1200 }],
      );
      const two = newSessionId();
      const cup: SellablePrice = { priceId: 'price_cup', unitAmount: 3000, currency: 'jpy' };
      assert.equal(
        await stores.carts.applyToNewSession!({ id: two, expiresAt: now + HOUR }, [add(TEA), add(cup, 2)], now),
        1,
      );
      assert.deepEqual(plainCart(await stores.carts.read(two)), {
        version: 1,
        lines: [
          { priceId: 'price_tea', quantity: 1, unitAmountSeen: 1200, addedAt: now },
          { priceId: 'price_cup', quantity: 2, unitAmountSeen: 3000, addedAt: now + 1 },
        ],
      });
    });

    it('the next adds within the first change’s millisecond come after its lines', { skip: offered() }, async () => {
      const now = Date.now();
      const cup: SellablePrice = { priceId: 'price_cup', unitAmount: 3000, currency: 'jpy' };
      const small: SellablePrice = { priceId: 'price_cup_small', unitAmount: 1800, currency: 'jpy' };
      const lines = async (id: string) =>
        (await stores.carts.read(id))!.lines.map((line) => [line.priceId, line.addedAt]);
      // One first line (PostgreSQL: session and line in one statement), then another in the same millisecond.
      const one = newSessionId();
      await stores.carts.applyToNewSession!({ id: one, expiresAt: now + HOUR }, [add(TEA)], now);
      await stores.carts.apply(one, [add(cup)], now);
      assert.deepEqual(await lines(one), [
        ['price_tea', now],
        ['price_cup', now + 1],
      ]);
      // Two first lines (one transaction), then another.
      const two = newSessionId();
      await stores.carts.applyToNewSession!({ id: two, expiresAt: now + HOUR }, [add(TEA), add(small)], now);
      await stores.carts.apply(two, [add(cup)], now);
      assert.deepEqual(await lines(two), [
        ['price_tea', now],
        ['price_cup_small', now + 1],
        ['price_cup', now + 2],
      ]);
    });

    it(
      'records the idempotency key with the change: a retry in the new session is answered, not applied',
      { skip: offered() },
      async () => {
        const now = Date.now();
        const key = { key: 'form-token-1', fingerprint: 'add tea' };
        const created = { sessionId: newSessionId() };
        assert.equal(
          await stores.carts.applyToNewSession!({ id: created.sessionId, expiresAt: now + HOUR }, [add(TEA)], now, key),
          1,
        );
        assert.deepEqual(await stores.carts.findIdempotencyKey(created.sessionId, 'form-token-1'), {
          fingerprint: 'add tea',
          version: 1,
        });
        assert.equal(await stores.carts.apply(created.sessionId, [add(TEA)], now, undefined, key), 1);
        assert.equal((await stores.carts.read(created.sessionId))!.lines[0]!.quantity, 1);
      },
    );

    it('leaves no session when a command is refused', { skip: offered() }, async () => {
      const now = Date.now();
      await stores.sessions.purgeExpired(now + 2 * HOUR); // the sessions of the tests above
      const refused = newSessionId();
      await assert.rejects(
        stores.carts.applyToNewSession!({ id: refused, expiresAt: now + HOUR }, [add(TEA), add(USD)], now),
        (error: unknown) => error instanceof CartError && error.code === 'currency_mismatch',
      );
      await assert.rejects(
        stores.carts.applyToNewSession!({ id: refused, expiresAt: now + HOUR }, [add(TEA, MAX_LINE_QUANTITY + 1)], now),
        (error: unknown) => error instanceof CartError,
      );
      assert.equal(await stores.sessions.find(refused, now), undefined);
      assert.equal(await stores.carts.read(refused), undefined);
      // Every session ever made here expires within two hours: a purge then counts whatever the refusals left.
      assert.equal(await stores.sessions.purgeExpired(now + 2 * HOUR), 0);
    });
  });
}
