/**
 * The cart as JSON, in Shopify's Ajax Cart field names where they apply (amounts are integers in minor units).
 * `properties` are every property, `_`-prefixed ones included (Shopify's pages hide those, its JSON does not).
 * Beyond Shopify: `version` (bumped by every change; send it back in If-Match), `available` and `previous_price`
 * (the unit amount the shopper last saw, when the price has changed since) on each item.
 */
import { cartToken } from '../cart/cart-service.js';
import type { CartView } from '../cart/cart-view.js';

export function cartJson(cart: CartView, sessionId: string | undefined) {
  return {
    token: cartToken(sessionId),
    version: cart.version,
    item_count: cart.itemCount,
    items_subtotal_price: cart.subtotal,
    total_price: cart.subtotal,
    currency: cart.currency?.toUpperCase() ?? null,
    note: cart.details.note === '' ? null : cart.details.note,
    attributes: cart.details.attributes,
    items: cart.lines.map((line) => ({
      key: line.key,
      id: line.priceId,
      product_id: line.productId,
      title: line.title,
      quantity: line.quantity,
      properties: line.properties,
      price: line.unitAmount,
      line_price: line.lineAmount,
      previous_price: line.previousUnitAmount,
      available: line.available,
      image: line.image,
      url: `/products/${encodeURIComponent(line.productId)}`,
    })),
  };
}

export type CartJson = ReturnType<typeof cartJson>;
