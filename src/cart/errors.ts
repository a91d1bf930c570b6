/**
 * Why a cart command was refused. Codes are stable; their status, limits and words are in the refusal catalogue
 * (src/refusals/catalogue.ts): a CartError carries its code and the values its words need.
 */
import { refusalWords, type RefusalValues } from '../refusals/words.js';

export type CartErrorCode =
  | 'product_not_found'
  | 'product_unavailable'
  | 'line_not_found'
  | 'quantity_out_of_range'
  | 'line_quantity_limit'
  | 'cart_line_limit'
  | 'currency_mismatch'
  /** A counted product with nothing left. */
  | 'sold_out'
  /** More of a counted product than is left (the message says how many are). */
  | 'not_enough_stock'
  /** An idempotency key this cart already used for a different change. */
  | 'idempotency_key_reused'
  /** Line item properties that are not text, or past their limits. */
  | 'invalid_properties'
  /** A cart note or attributes past their limits, or not text. */
  | 'invalid_cart_details'
  /** A Shopify selling plan (subscription) asked for: kago's cart sells one-time purchases only. */
  | 'selling_plan_not_offered';

export class CartError extends Error {
  override name = 'CartError';
  /** A sentence for the shopper (the catalogue's description, filled). */
  readonly description: string;
  constructor(
    /** Also a key of the catalogue: refusalWords takes no other. */
    readonly code: CartErrorCode,
    /** What the words need besides the catalogue's limits: a product's name, how many are left, ... */
    readonly values: RefusalValues = {},
  ) {
    const words = refusalWords(code, values);
    super(words.title);
    this.description = words.description;
  }
}

/** A command sent with an expected cart version (If-Match) found the cart at another version: nothing changed. */
export class CartVersionConflict extends Error {
  override name = 'CartVersionConflict';
  constructor(readonly currentVersion: number) {
    super(`the cart is at version ${currentVersion}`);
  }
}

/** The session a command was for does not exist (any more): expired and purged, or never created. */
export class CartNotFound extends Error {
  override name = 'CartNotFound';
  constructor() {
    super('no cart for this session');
  }
}
