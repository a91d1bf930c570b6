/**
 * Cart commands as the shop offers them: validate the request, resolve what is being bought from the catalog
 * (the client never sends a price), create the session only when something is really added, then apply.
 */
import type { CatalogQueries } from '../catalog/index.js';
import type { SessionStore } from '../session/session-store.js';
import type { CartStore } from './cart-store.js';
import { CartError } from './errors.js';
import { MAX_LINE_QUANTITY } from './limits.js';

export interface CartServiceDeps {
  catalog: CatalogQueries;
  sessions: SessionStore;
  carts: CartStore;
  sessionTtlMs: number;
  now: () => number;
}

export interface AddResult {
  /** The session the cart belongs to; new when `created`. */
  sessionId: string;
  created: boolean;
  expiresAt: number | undefined;
}

export function parseQuantity(value: unknown): number {
  const text = value === undefined || value === '' ? '1' : String(value).trim();
  if (!/^[0-9]{1,3}$/.test(text) || Number(text) < 1 || Number(text) > MAX_LINE_QUANTITY) {
    throw new CartError('quantity_out_of_range', 'Invalid quantity', `The quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}.`);
  }
  return Number(text);
}

export function createCartService({ catalog, sessions, carts, sessionTtlMs, now }: CartServiceDeps) {
  return {
    itemCount: (sessionId: string) => carts.itemCount(sessionId),

    /** Adds `quantity` of the product's selling price to the cart of `sessionId` (or of a new session). */
    async addProduct(sessionId: string | undefined, productId: string, quantity: unknown): Promise<AddResult> {
      const product = await catalog.getProduct(productId);
      if (!product) throw new CartError('product_not_found', 'Product not found', 'This product does not exist. It may have been removed from the catalog.');
      if (!product.active || !product.price) {
        const why = product.active ? 'cannot be bought in the cart' : 'is no longer sold';
        throw new CartError('product_unavailable', 'Not available', `${product.name} ${why}.`);
      }
      const amount = parseQuantity(quantity);
      const time = now();
      const session = sessionId ? undefined : await sessions.create(time, sessionTtlMs);
      const id = sessionId ?? session!.id;
      await carts.add(id, { priceId: product.price.id, quantity: amount, unitAmount: product.price.unitAmount, currency: product.price.currency }, time);
      return { sessionId: id, created: session !== undefined, expiresAt: session?.expiresAt };
    },
  };
}

export type CartService = ReturnType<typeof createCartService>;
