/**
 * Which line of a shown cart a change names, and the command that sets its quantity. Pure: the cart service plans
 * its changes with these, over the cart as the shopper saw it.
 */
import type { CartCommand } from './cart-store.js';
import type { LineTarget } from './cart-service-types.js';
import type { CartLine, CartView } from './cart-view.js';
import { CartError } from './errors.js';

/**
 * The line a change names: by key, or by 1-based position, or (as Shopify's variant id) the first line of the price
 * it was added at or sells at now. Integer variant ids arrive here as Stripe ids (catalog-numbers.ts); a key's
 * first part is an integer, so it is never compared with one.
 */
export function findLine(cart: CartView, target: LineTarget): CartLine | undefined {
  if ('line' in target) return cart.lines[target.line - 1];
  return (
    cart.lines.find((line) => line.key === target.id) ??
    cart.lines.find((line) => line.addedPriceId === target.id || line.priceId === target.id)
  );
}

export function setLine(line: CartLine, quantity: number): CartCommand {
  if (quantity > 0 && !line.available) {
    throw new CartError('product_unavailable', { name: line.title }, 'lineNoLongerSold');
  }
  return { kind: 'set', lineId: line.lineId, quantity };
}
