/**
 * Does a cart change fit the stock left? A read, one query for all the products a request touches: it keeps shoppers
 * from filling carts with what is gone. It does not stop two shoppers taking the last unit; the reservation made when
 * checkout starts does (ADR 0008).
 */
import type { StockLevels } from './stock-levels.js';

export interface CartQuantities {
  /** The cart's quantity of each product before the change. */
  before: ReadonlyMap<string, number>;
  /** ... and after it (products the change does not touch may be left out). */
  after: ReadonlyMap<string, number>;
}

export interface StockShortfall {
  productId: string;
  /** What is left to sell (0: sold out). */
  available: number;
  /** The cart's quantity before the change. */
  inCart: number;
  /** The quantity the change asked for. */
  wanted: number;
}

/** The first counted product whose quantity the change raises past what is left; undefined when everything fits. */
export async function findShortfall(
  stock: StockLevels,
  ids: readonly string[],
  quantities: () => Promise<CartQuantities>,
): Promise<StockShortfall | undefined> {
  const levels = await stock.levels(ids);
  if (![...levels.values()].some((level) => level.tracked)) return undefined; // the common case costs one query
  const { before, after } = await quantities();
  for (const [productId, wanted] of after) {
    const level = levels.get(productId);
    const inCart = before.get(productId) ?? 0;
    if (level?.tracked && wanted > inCart && wanted > level.available)
      return { productId, available: level.available, inCart, wanted };
  }
  return undefined;
}

/** A cart's quantity of each product (a product may sit on several lines: one per price it was added at). */
export function sumByProduct(lines: Iterable<{ productId: string; quantity: number }>): Map<string, number> {
  const sums = new Map<string, number>();
  for (const line of lines) sums.set(line.productId, (sums.get(line.productId) ?? 0) + line.quantity);
  return sums;
}
