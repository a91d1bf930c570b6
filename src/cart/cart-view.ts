/**
 * A cart as the shopper sees it: stored lines priced from the catalog as it is now (never from amounts kept in the
 * cart). A line whose price is no longer sold moves to the product's option of the same label, or to its only
 * option (src/catalog/options/); a line that cannot move is unavailable: shown, removable, left out of totals and
 * checkout.
 */
import type { PriceDetails } from '../catalog/index.js';
import type { TaxBehavior } from '../db/schema.js';
import { NO_DETAILS, type CartDetails } from './cart-details.js';
import type { StoredCart } from './cart-store.js';
import { lineId, lineKey, type LineProperties } from './line-properties.js';

/**
 * How line keys name a price: its integer id, as Shopify's variant id (`42:<hash>`), so Shopify's libraries accept
 * them; a price gone from the catalog (`details` undefined) keeps its Stripe id.
 */
export function priceRef(priceId: string, details: PriceDetails | undefined): string {
  return details ? String(details.numId) : priceId;
}

export interface CartLine {
  /** Names the line to clients, as Shopify's: `<variant id>:<hash of properties>` (the price it was added at). */
  key: string;
  /** Names the line to the cart store (and in orders): the price it was added at and its properties' hash. */
  lineId: string;
  /** The price it was added at. */
  addedPriceId: string;
  /** Line item properties ("Engraving"); names starting with `_` are hidden from shoppers. */
  properties: LineProperties;
  /** The price it sells at now (the key's price, or the product's new price when that one was archived). */
  priceId: string;
  productId: string;
  /** Integer ids (Shopify's variant and product ids): the price it sells at now, the price of its key, the product. */
  variantId: number | null;
  keyVariantId: number | null;
  productNumId: number | null;
  /** The product's handle (its page is /products/<handle>); null when the product is gone. */
  handle: string | null;
  productDescription: string;
  /** The option it sells at as the shopper chose it ("Large"); '' when the product offers no choice. */
  variantTitle: string;
  title: string;
  image: string | null;
  quantity: number;
  unitAmount: number;
  lineAmount: number;
  /** The unit amount the shopper last saw, when the price has changed since; null otherwise. */
  previousUnitAmount: number | null;
  available: boolean;
  /** The product is shipped (physical); a cart of unshipped lines only needs no address. */
  shippable: boolean;
  /** Whether unitAmount includes tax (the price it sells at now). */
  taxBehavior: TaxBehavior;
}

export interface CartView {
  version: number;
  /** Lower-case ISO code of the cart's lines; null for an empty cart. */
  currency: string | null;
  lines: CartLine[];
  /**
   * Sum of quantities of the lines that can be bought: what the header, the subtotal and checkout count. Lines no
   * longer sold are counted apart, in `unavailableCount`, so "Cart 1" never sits beside a cart of four.
   */
  itemCount: number;
  /** Sum of quantities of the lines that can no longer be bought (shown apart, left out of totals and checkout). */
  unavailableCount: number;
  /** Sum of the available lines' amounts, in minor units. */
  subtotal: number;
  /** The cart's note and attributes. */
  details: CartDetails;
}

export const EMPTY_CART: CartView = {
  version: 0,
  currency: null,
  lines: [],
  itemCount: 0,
  unavailableCount: 0,
  subtotal: 0,
  details: NO_DETAILS,
};

/** What the line sells at now: its price while sold, else the option it moves to (the catalog decides), else nothing. */
function sellingPrice(details: PriceDetails | undefined) {
  if (!details || !details.productActive) return undefined;
  const selling = details.sellingPrice;
  return selling && selling.currency === details.currency ? selling : undefined;
}

/**
 * The catalog's details each line of a view was priced from (the price cache's object for its catalog version):
 * everything a line shows beyond its quantity, properties, key and amounts follows from them, so what is built from
 * them (the cart JSON's per-product text, src/web/cart-json-text.ts) can be kept per details object, that is per
 * catalog version. Lines of a price gone from the catalog have none.
 */
export const pricedFrom = new WeakMap<CartLine, PriceDetails>();

export function buildCartView(cart: StoredCart, prices: ReadonlyMap<string, PriceDetails>): CartView {
  const lines = cart.lines.map((stored): CartLine => {
    const details = prices.get(stored.priceId);
    const selling = sellingPrice(details);
    const unitAmount = selling?.unitAmount ?? details?.unitAmount ?? stored.unitAmountSeen;
    const line: CartLine = {
      key: lineKey(priceRef(stored.priceId, details), stored.propertiesHash),
      lineId: lineId(stored.priceId, stored.propertiesHash),
      addedPriceId: stored.priceId,
      properties: stored.properties,
      priceId: selling?.id ?? stored.priceId,
      productId: details?.productId ?? '',
      variantId: selling?.numId ?? details?.numId ?? null,
      keyVariantId: details?.numId ?? null,
      productNumId: details?.productNumId ?? null,
      handle: details?.productHandle ?? null,
      productDescription: details?.productDescription ?? '',
      variantTitle: selling?.optionLabel ?? '',
      title: details?.productName ?? 'Removed item',
      image: details?.productImage ?? null,
      quantity: stored.quantity,
      unitAmount,
      lineAmount: unitAmount * stored.quantity,
      previousUnitAmount: selling && stored.unitAmountSeen !== unitAmount ? stored.unitAmountSeen : null,
      available: selling !== undefined,
      shippable: details?.productShippable ?? true,
      taxBehavior: selling?.taxBehavior ?? details?.taxBehavior ?? 'unspecified',
    };
    if (details) pricedFrom.set(line, details);
    return line;
  });
  const currency =
    cart.lines.map((line) => prices.get(line.priceId)?.currency).find((code) => code !== undefined) ?? null;
  return {
    version: cart.version,
    currency,
    lines,
    itemCount: lines.reduce((sum, line) => sum + (line.available ? line.quantity : 0), 0),
    unavailableCount: lines.reduce((sum, line) => sum + (line.available ? 0 : line.quantity), 0),
    subtotal: lines.reduce((sum, line) => sum + (line.available ? line.lineAmount : 0), 0),
    details: cart.details,
  };
}
