/**
 * Why a cart command was refused. Codes are stable; their status and limits are in the refusal catalogue
 * (src/refusals/catalogue.ts), their words in the message catalogs: a CartError carries its code, the values its
 * words need and, when the code has more than one description, which one (`variant`).
 */
import { wordsOf, type RefusalNaming, type RefusalValues } from '../refusals/words.js';

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
  /** A sentence for the shopper in English (the catalogs' description, filled); translated when answered. */
  readonly description: string;
  /** Which message says it and with what values, for the shopper's language. */
  readonly words: RefusalNaming;
  constructor(
    /** Also a key of the refusal catalogue and of the message catalogs. */
    readonly code: CartErrorCode,
    /** What the words need besides the catalogue's limits: a product's name, how many are left, ... */
    readonly values: RefusalValues = {},
    /** The message other than the code's `description` that says it (`refusal.<code>.<variant>`). */
    variant?: string,
  ) {
    const words = { values, ...(variant !== undefined && { variant }) };
    const { title, description } = wordsOf(code, words);
    super(title);
    this.description = description;
    this.words = words;
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

/**
 * A change's first read found no live session under the id (a cookie's, not looked up before): for the caller, as if
 * no session had been sent. A session found and then gone before the write is a CartNotFound (it ended under the
 * change).
 */
export class NoLiveSession extends CartNotFound {
  override name = 'NoLiveSession';
}

/** An add planned from memory found the catalog changed since (CatalogCheck, cart-store.ts): nothing was written. */
export class CatalogMoved extends Error {
  override name = 'CatalogMoved';
  constructor() {
    super('the catalog changed since the add was planned');
  }
}
