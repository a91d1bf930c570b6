/**
 * The one place a cart command's ids are resolved: Shopify clients send the catalog's integer ids (`42`, or `"42"`
 * from a form) where kago's own pages send Stripe ids (`price_...`, `prod_...`). Wraps the cart service so every
 * route (the JSON API and the plain forms alike) takes both; an integer that names nothing is passed on unchanged
 * and refused there like any unknown id. Line keys are never integers, so they pass through as they are.
 */
import type { CatalogQueries } from '../catalog/index.js';
import type { CartService } from './cart-service.js';

export function acceptCatalogNumbers(cart: CartService, catalog: Pick<CatalogQueries, 'resolveNumbers'>): CartService {
  async function resolver(refs: readonly string[]): Promise<(ref: string) => string> {
    const resolved = await catalog.resolveNumbers(refs);
    return (ref) => resolved.get(ref) ?? ref;
  }
  return {
    ...cart,
    async add(sessionId, items, ...rest) {
      const resolve = await resolver(items.map((item) => item.id));
      return cart.add(
        sessionId,
        items.map((item) => ({ ...item, id: resolve(item.id) })),
        ...rest,
      );
    },
    async change(sessionId, target, ...rest) {
      if (!('id' in target)) return cart.change(sessionId, target, ...rest);
      const resolve = await resolver([target.id]);
      return cart.change(sessionId, { ...target, id: resolve(target.id) }, ...rest);
    },
    async update(sessionId, updates, ...rest) {
      const resolve = await resolver(updates.flatMap(([target]) => ('id' in target ? [target.id] : [])));
      return cart.update(
        sessionId,
        updates.map(([target, quantity]) => ['id' in target ? { id: resolve(target.id) } : target, quantity] as const),
        ...rest,
      );
    },
  };
}
