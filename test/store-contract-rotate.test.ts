/**
 * The store contract, continued (store-contract.test.ts holds the rest): SessionStore.rotate on every store (SQL on
 * SQLite and PostgreSQL, Redis). The new id gets the session's cart, version and expiry, the old id stops working
 * at once, and a cart change racing the rotation lands in the new cart or is refused: an acknowledged add is never
 * lost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CartCommand, SellablePrice, StoredLine } from '../src/cart/cart-store.js';
import { CartNotFound } from '../src/cart/errors.js';
import { plainCart, storeTargets, type TestStores } from './support/stores.js';

const HOUR = 3_600_000;
const TEA: SellablePrice = { priceId: 'price_tea', unitAmount: 1200, currency: 'jpy' };
const CUP: SellablePrice = { priceId: 'price_cup', unitAmount: 3000, currency: 'jpy' };
const add = (price: SellablePrice, quantity = 1): CartCommand => ({ kind: 'add', quantity, ...price });
const contents = (lines: StoredLine[]) =>
  lines.map(({ priceId, quantity, unitAmountSeen }) => ({ priceId, quantity, unitAmountSeen }));

for (const target of storeTargets()) {
  describe(`session rotation contract on ${target.name}`, { skip: target.skip }, () => {
    let stores: TestStores;
    // Real time: Redis expires keys by its own clock, so sessions must live in the present.
    const now = () => Date.now();

    before(async () => {
      stores = await target.open();
    });
    after(async () => {
      await stores?.close();
    });

    it('the new id gets the cart, its version and the expiry; the old id is gone for every operation', async () => {
      const old = await stores.sessions.create(now(), HOUR);
      await stores.carts.apply(old.id, [add(CUP, 2)], now());
      await stores.carts.apply(old.id, [add(TEA)], now() + 1);
      await stores.carts.markPricesSeen(old.id, [{ lineId: 'price_cup', unitAmount: 3300 }]);
      const before = await stores.carts.read(old.id);

      const rotated = await stores.sessions.rotate(old.id, now());
      assert.ok(rotated);
      assert.match(rotated.id, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(rotated.id, old.id);
      assert.equal(rotated.expiresAt, old.expiresAt);
      assert.deepEqual(await stores.sessions.find(rotated.id, now()), rotated);
      assert.deepEqual(await stores.carts.read(rotated.id), before, 'same lines in the same order, same version');
      assert.equal(await stores.carts.itemCount(rotated.id), 3);

      assert.equal(await stores.sessions.find(old.id, now()), undefined);
      assert.equal(await stores.carts.read(old.id), undefined);
      assert.equal(await stores.carts.itemCount(old.id), 0);
      await assert.rejects(stores.carts.apply(old.id, [add(TEA)], now()), (error) => error instanceof CartNotFound);
      assert.equal(await stores.sessions.rotate(old.id, now()), undefined, 'an id rotates once');
      assert.deepEqual(await stores.carts.read(rotated.id), before, 'nothing reached the new cart through the old id');

      const again = await stores.sessions.rotate(rotated.id, now());
      assert.ok(again && again.id !== rotated.id);
      assert.deepEqual(contents((await stores.carts.read(again.id))!.lines), contents(before!.lines));
    });

    it('an unknown or expired session does not rotate', async () => {
      assert.equal(await stores.sessions.rotate('no-such-session', now()), undefined);
      const session = await stores.sessions.create(now(), HOUR);
      assert.equal(await stores.sessions.rotate(session.id, now() + 2 * HOUR), undefined, 'expired by then');
      assert.ok(await stores.sessions.find(session.id, now()), 'and nothing changed');
    });

    it('an empty session (no cart lines yet) rotates too', async () => {
      const session = await stores.sessions.create(now(), HOUR);
      const rotated = await stores.sessions.rotate(session.id, now());
      assert.ok(rotated);
      assert.deepEqual(plainCart(await stores.carts.read(rotated.id)), { version: 0, lines: [] });
    });

    it('adds racing a rotation land in the new cart or are refused (CartNotFound): none is lost', async () => {
      const old = await stores.sessions.create(now(), HOUR);
      await stores.carts.apply(old.id, [add(TEA)], now());
      const adds = (count: number) =>
        Array.from({ length: count }, () => stores.carts.apply(old.id, [add(TEA)], now()));
      const [first, rotation, second] = [adds(15), stores.sessions.rotate(old.id, now()), adds(15)];
      const results = await Promise.allSettled([...first, ...second]);
      const rotated = await rotation;
      assert.ok(rotated);
      const acknowledged = results.filter((result) => result.status === 'fulfilled').length;
      for (const result of results)
        if (result.status === 'rejected') assert.ok(result.reason instanceof CartNotFound, String(result.reason));
      const cart = await stores.carts.read(rotated.id);
      assert.deepEqual(contents(cart!.lines), [
        { priceId: 'price_tea', quantity: 1 + acknowledged, unitAmountSeen: 1200 },
      ]);
      assert.equal(cart!.version, 1 + acknowledged);
    });
  });
}
