/**
 * What the store contract suites share: prices and commands to apply, and error matchers.
 */
import type { CartCommand, SellablePrice, StoredLine } from '../../src/cart/cart-store.js';
import { CartError, CartNotFound, CartVersionConflict, type CartErrorCode } from '../../src/cart/errors.js';
import { BULK_PRICES } from './stores.js';

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
