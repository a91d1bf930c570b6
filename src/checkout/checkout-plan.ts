/**
 * From a shown cart to an order's parts, with no side effects: which lines are bought, the delivery options for the
 * chosen country, the fingerprint that lets an unchanged cart reuse its pending order, and what to log of a provider
 * failure. Each refusal here comes before anything changes.
 */
import { createHash } from 'node:crypto';
import type { CartDetails } from '../cart/cart-details.js';
import type { CartView } from '../cart/cart-view.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../cart/limits.js';
import type { ReservedLine } from '../stock/reservations.js';
import { shippingOptionsFor, type ShippingRate } from '../shipping/rates.js';
import { refuseCheckout, type CheckoutRefusal } from './errors.js';
import type { NewOrder, OrderLine } from './order-store.js';

export const stockLines = (lines: readonly OrderLine[]): ReservedLine[] =>
  lines.map((line) => ({ productId: line.productId, name: line.name, quantity: line.quantity }));

/** What the shopper chose on the cart page before checkout: the delivery country, when the shop ships to several. */
export interface CheckoutChoice {
  country?: string | undefined;
  /** The language the shopper reads the shop in: the order's mails and the payment page speak it. */
  language?: string | undefined;
}

/** The shipping part of a new order: none for a cart of unshipped goods, else the options for the chosen country. */
export type Delivery = Pick<NewOrder, 'shippingRequired' | 'shipTo' | 'shippingOptions'>;

export function shippingFor(
  view: CartView,
  choice: CheckoutChoice,
  shipping: { shipTo: readonly string[]; rates: readonly ShippingRate[] },
): Delivery | CheckoutRefusal {
  if (!view.lines.some((line) => line.available && line.shippable))
    return { shippingRequired: false, shipTo: null, shippingOptions: [] };
  const country = choice.country?.toUpperCase() || shipping.shipTo[0]!;
  if (!shipping.shipTo.includes(country)) return refuseCheckout('country_not_shipped');
  const options = shippingOptionsFor(shipping.rates, { currency: view.currency!, subtotal: view.subtotal, country });
  if (options.length === 0) return refuseCheckout('no_shipping_rate');
  return { shippingRequired: true, shipTo: country, shippingOptions: options };
}

/** The order's lines: the cart's buyable ones (lines no longer sold stay in the cart). Refusals change nothing. */
export function checkCart(cart: CartView): OrderLine[] | CheckoutRefusal {
  if (cart.lines.length === 0 || !cart.currency) return refuseCheckout('cart_empty');
  const buyable = cart.lines.filter((line) => line.available);
  if (buyable.length === 0) return refuseCheckout('line_unavailable');
  if (buyable.some((line) => line.previousUnitAmount !== null)) return refuseCheckout('prices_changed');
  if (buyable.length > MAX_CART_LINES) return refuseCheckout('too_many_lines');
  if (buyable.some((line) => line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY))
    return refuseCheckout('quantity_out_of_range');
  return buyable.map((line) => ({
    cartLineKey: line.lineId,
    priceId: line.priceId,
    productId: line.productId,
    name: line.title,
    optionLabel: line.variantTitle,
    unitAmount: line.unitAmount,
    quantity: line.quantity,
    lineTotal: line.lineAmount,
  }));
}

/** What to log of a provider failure: the kind and ids, never the request or response it carries. */
export function describeProviderError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { type, code, statusCode, requestId } = error as Error & {
    type?: string;
    code?: string;
    statusCode?: number;
    requestId?: string;
  };
  return { name: error.name, message: error.message, type, code, statusCode, requestId };
}

/** The same cart (lines, note and attributes) and delivery give the same fingerprint: its pending order is reused. */
export function fingerprint(
  currency: string,
  lines: OrderLine[],
  shipping: Pick<NewOrder, 'shipTo' | 'shippingOptions'>,
  details: CartDetails,
): string {
  const parts = lines.map((line) => [line.cartLineKey, line.priceId, line.quantity, line.unitAmount]);
  // Details are added only when set, so a cart without them keeps the fingerprint it had before they existed.
  const noted =
    details.note === '' && Object.keys(details.attributes).length === 0 ? [] : [details.note, details.attributes];
  return createHash('sha256')
    .update(JSON.stringify([currency, parts, shipping.shipTo, shipping.shippingOptions, ...noted]))
    .digest('base64url');
}
