/**
 * The cart as JSON in Shopify's Ajax Cart shape (`/cart.js` and every change's answer), so theme code written for
 * Shopify reads it unchanged. Ids are the catalog's integer ids; amounts are in Shopify's units (hundredths of the
 * major unit: docs/decisions/0009-shopify-compatible-amounts.md). Beyond Shopify, each under a name of its own:
 * `version` (send it back in If-Match), kago's minor-unit figures (`*_minor`), the Stripe ids (`stripe_*_id`),
 * `available` and `previous_price` (the unit price the shopper last saw, when it changed since). `properties` are
 * every property, `_`-prefixed ones included (Shopify's pages hide those, its JSON does not).
 */
import { randomBytes } from 'node:crypto';
import { cartToken } from '../cart/cart-service.js';
import type { CartLine, CartView } from '../cart/cart-view.js';
import type { LineProperties } from '../cart/line-properties.js';
import { toShopifyCents } from '../money/index.js';
import { OPTION_WORDS } from './views/option-words.js';

/** What the cart JSON needs from the shop beyond the cart. */
export interface ShopFacts {
  /** Lower-case ISO code of the shop's currency: what an empty cart is in. */
  currency: string | null;
  /** Shopify's `vendor` (a product's maker): kago names the shop. */
  vendor: string;
}

/** Shopify's name for a product's only variant (a product sold at one price); options are named by their label. */
const DEFAULT_VARIANT = 'Default Title';

export function productUrl(handle: string, variantId?: number | null): string {
  return `/products/${encodeURIComponent(handle)}${variantId ? `?variant=${variantId}` : ''}`;
}

/** The picture as Shopify's `featured_image`; kago does not know its size, so width, height and ratio are null. */
function featuredImage(line: CartLine) {
  return line.image === null
    ? null
    : { url: line.image, alt: line.title, width: null, height: null, aspect_ratio: null };
}

/** A line's values of its own (beyond what its price's catalog details decide), as the JSON shows them. */
export interface LineOwnValues<P = LineProperties, N = number, S = string, M = number | null> {
  properties: P;
  quantity: N;
  key: S;
  /** Shopify's line_price (cents), and the minor-unit figure. */
  linePrice: N;
  lineMinor: N;
  /** Shopify's previous_price (cents), and the minor-unit figure; null unless the unit price moved. */
  previousPrice: M;
  previousMinor: M;
}

export function lineOwnValues(line: CartLine, currency: string): LineOwnValues {
  return {
    properties: line.properties,
    quantity: line.quantity,
    key: line.key,
    linePrice: toShopifyCents(line.lineAmount, currency),
    lineMinor: line.lineAmount,
    previousPrice: line.previousUnitAmount === null ? null : toShopifyCents(line.previousUnitAmount, currency),
    previousMinor: line.previousUnitAmount,
  };
}

/**
 * A line item. `own` holds the line's own values: given stand-ins for them, the rest is what a line of that price
 * shows in that currency for that shop (src/web/cart-json-text.ts builds its text once per catalog version so).
 */
export function lineJson<O extends LineOwnValues<unknown, unknown, unknown, unknown>>(
  line: CartLine,
  currency: string,
  shop: ShopFacts,
  own: O,
) {
  const cents = (minor: number) => toShopifyCents(minor, currency);
  return {
    id: line.variantId,
    properties: own.properties as O['properties'],
    quantity: own.quantity as O['quantity'],
    variant_id: line.variantId,
    key: own.key as O['key'],
    title: line.variantTitle === '' ? line.title : `${line.title} - ${line.variantTitle}`,
    price: cents(line.unitAmount),
    original_price: cents(line.unitAmount),
    discounted_price: cents(line.unitAmount),
    line_price: own.linePrice as O['linePrice'],
    original_line_price: own.linePrice as O['linePrice'],
    final_price: cents(line.unitAmount),
    final_line_price: own.linePrice as O['linePrice'],
    total_discount: 0,
    discounts: [],
    line_level_discount_allocations: [],
    line_level_total_discount: 0,
    sku: null,
    grams: 0,
    vendor: shop.vendor,
    taxable: line.taxBehavior !== 'unspecified',
    product_id: line.productNumId,
    product_has_only_default_variant: line.variantTitle === '',
    gift_card: false,
    url: line.handle === null ? null : productUrl(line.handle, line.variantId),
    featured_image: featuredImage(line),
    image: line.image,
    handle: line.handle,
    requires_shipping: line.shippable,
    product_type: '',
    product_title: line.title,
    product_description: line.productDescription,
    variant_title: line.variantTitle === '' ? null : line.variantTitle,
    variant_options: [line.variantTitle || DEFAULT_VARIANT],
    options_with_values: [
      line.variantTitle === ''
        ? { name: 'Title', value: DEFAULT_VARIANT }
        : { name: OPTION_WORDS.option, value: line.variantTitle },
    ],
    // kago's own fields.
    stripe_price_id: line.priceId,
    stripe_product_id: line.productId,
    available: line.available,
    previous_price: own.previousPrice as O['previousPrice'],
    price_minor: line.unitAmount,
    line_price_minor: own.lineMinor as O['lineMinor'],
    previous_price_minor: own.previousMinor as O['previousMinor'],
  };
}

/** The cart's currency: its lines', else the shop's (an empty cart), else yen. */
export const cartCurrency = (cart: CartView, shop: ShopFacts) => cart.currency ?? shop.currency ?? 'jpy';

/** The cart's fields before `items`. */
export function cartHead(cart: CartView, sessionId: string | undefined, currency: string) {
  const cents = (minor: number) => toShopifyCents(minor, currency);
  return {
    // Before the first add there is no cart to name: a fresh token each time (reading creates no session).
    token: cartToken(sessionId) ?? randomBytes(24).toString('base64url'),
    note: cart.details.note === '' ? null : cart.details.note,
    attributes: cart.details.attributes,
    original_total_price: cents(cart.subtotal),
    total_price: cents(cart.subtotal),
    total_discount: 0,
    total_weight: 0,
    item_count: cart.itemCount,
  };
}

/** The cart's fields after `items`. */
export function cartTail(cart: CartView, currency: string) {
  return {
    requires_shipping: cart.lines.some((line) => line.available && line.shippable),
    currency: currency.toUpperCase(),
    items_subtotal_price: toShopifyCents(cart.subtotal, currency),
    cart_level_discount_applications: [],
    // kago's own fields.
    version: cart.version,
    /** Items in lines no longer sold: left out of `item_count` and the totals, still in `items` (`available: false`). */
    unavailable_item_count: cart.unavailableCount,
    total_price_minor: cart.subtotal,
    items_subtotal_price_minor: cart.subtotal,
  };
}

export function cartJson(cart: CartView, sessionId: string | undefined, shop: ShopFacts) {
  const currency = cartCurrency(cart, shop);
  return {
    ...cartHead(cart, sessionId, currency),
    items: cart.lines.map((line) => lineJson(line, currency, shop, lineOwnValues(line, currency))),
    ...cartTail(cart, currency),
  };
}

export type CartJson = ReturnType<typeof cartJson>;
