/**
 * What an id sent to the cart sells: a product id (at its current price) or a price id, resolved from the catalog,
 * never from the client. Refuses ids that name nothing (`product_not_found`) or nothing the cart sells
 * (`product_unavailable`).
 */
import type { CatalogQueries } from '../catalog/index.js';
import type { StockLevel } from '../stock/stock-levels.js';
import type { SellablePrice } from './cart-store.js';
import { CartError } from './errors.js';

export interface Sellable extends SellablePrice {
  name: string;
  productId: string;
  /** Set for an id that named a product: its stock, read with it. */
  stock?: StockLevel;
}

/** Product or price ids -> what each one sells at; throws for the first that cannot go in a cart. */
export async function resolveSellable(catalog: CatalogQueries, ids: readonly string[]): Promise<Map<string, Sellable>> {
  const products = await catalog.productsByIds(ids);
  const missing = ids.filter((id) => !products.has(id));
  const prices = missing.length > 0 ? await catalog.pricesByIds(missing) : new Map();
  const resolved = new Map<string, Sellable>();
  for (const id of ids) {
    const product = products.get(id);
    const price = prices.get(id);
    if (!product && !price) throw new CartError('product_not_found');
    const name = product?.name ?? price!.productName;
    // A product sells at its first option; a price only while it is one of its product's options.
    const sellable = product ? product.active && product.price : price!.productActive && price!.sold && price;
    if (!sellable) {
      const sold = product ? product.active : price!.productActive && price!.active;
      throw new CartError('product_unavailable', { name }, sold ? 'notSold' : 'noLongerSold');
    }
    // A product read by its id comes with its stock: the stock check needs no query of its own then.
    resolved.set(id, {
      priceId: sellable.id,
      unitAmount: sellable.unitAmount,
      currency: sellable.currency,
      name,
      productId: product?.id ?? price!.productId,
      ...(product && { stock: product.stock }),
    });
  }
  return resolved;
}
