/**
 * What the store contract suites share: the stores of a target opened for a describe block, prices and commands to
 * apply, and error matchers.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { CartCommand, SellablePrice, StoredCart, StoredLine } from '../../src/cart/cart-store.js';
import { CartError, CartNotFound, CartVersionConflict, type CartErrorCode } from '../../src/cart/errors.js';
import { BULK_PRICES, plainCart, type StoreTarget, type TestStores } from './stores.js';

export const HOUR = 3_600_000;
export const TEA: SellablePrice = { priceId: 'price_tea', unitAmount: 1200, currency: 'jpy' };
export const CUP: SellablePrice = { priceId: 'price_cup', unitAmount: 3000, currency: 'jpy' };
export const SMALL: SellablePrice = { priceId: 'price_cup_small', unitAmount: 1800, currency: 'jpy' };
export const USD: SellablePrice = { priceId: 'price_usd', unitAmount: 2990, currency: 'usd' };
export const BULK: SellablePrice[] = BULK_PRICES.map((price) => ({
  priceId: price.id,
  unitAmount: 1,
  currency: 'jpy',
}));

export const add = (price: SellablePrice, quantity = 1): CartCommand => ({ kind: 'add', quantity, ...price });
export const set = (priceId: string, quantity: number, sellable?: SellablePrice): CartCommand => ({
  kind: 'set',
  lineId: priceId,
  quantity,
  ...(sellable ? { sellable } : {}),
});
export const remove = (priceId: string, quantity: number): CartCommand => ({
  kind: 'remove',
  lineId: priceId,
  quantity,
});
export const CLEAR: CartCommand = { kind: 'clear' };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const cartError = (code: CartErrorCode) => (error: unknown) => error instanceof CartError && error.code === code;
export const conflictAt = (version: number) => (error: unknown) =>
  error instanceof CartVersionConflict && error.currentVersion === version;
export const notFound = (error: unknown) => error instanceof CartNotFound;

export const contents = (lines: StoredLine[]) =>
  lines.map(({ priceId, quantity, unitAmountSeen }) => ({ priceId, quantity, unitAmountSeen }));

/**
 * `target`'s stores for the calling describe block (opened before its tests, closed after), with the moves the
 * contract suites share. `now` is real time: Redis expires keys by its own clock, so sessions must live in the present.
 */
export function useContractStores(target: StoreTarget) {
  let opened: TestStores | undefined;
  before(async () => {
    opened = await target.open();
  });
  after(async () => {
    await opened?.close();
  });
  const open = () => opened ?? assert.fail('the stores open before the tests');
  const stores: Pick<TestStores, 'sessions' | 'carts'> = {
    get sessions() {
      return open().sessions;
    },
    get carts() {
      return open().carts;
    },
  };
  const now = () => Date.now();
  const newSession = async (ttlMs = HOUR) => (await stores.sessions.create(now(), ttlMs)).id;
  const readCart = async (id: string) => plainCart(await stores.carts.read(id)) as StoredCart | undefined;
  const cartOf = async (id: string) => {
    const cart = await readCart(id);
    assert.ok(cart, 'the cart exists');
    return cart;
  };
  /**
   * A session that expires `ttlMs` after it was made, with `commands` applied to its cart. Real time: when a busy
   * machine stalls for longer than `ttlMs` before the commands land (the session has already expired, rightly
   * refused), it starts over with a new session; any other refusal fails the test.
   */
  const expiringCart = async (ttlMs: number, commands: CartCommand[]) => {
    for (;;) {
      const made = now();
      const id = await newSession(ttlMs);
      try {
        await stores.carts.apply(id, commands, now());
        return id;
      } catch (error) {
        if (!notFound(error) || now() - made < ttlMs) throw error;
      }
    }
  };
  return { stores, now, newSession, expiringCart, readCart, cartOf };
}
