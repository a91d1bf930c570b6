/**
 * The cart service's interface and the shapes of its calls: what pages and the JSON API may ask of a cart
 * (cart-service.ts implements it).
 */
import type { CatalogQueries } from '../catalog/index.js';
import type { CartPriceCache } from '../catalog/price-cache.js';
import type { Session, SessionStore } from '../session/session-store.js';
import type { StockLevels } from '../stock/stock-levels.js';
import type { CartStore } from './cart-store.js';
import type { CartView } from './cart-view.js';
import type { CartError } from './errors.js';

/**
 * Where a shown cart's prices come from: memory per catalog version (src/catalog/price-cache.ts), for the version
 * read with the cart (stores that keep the catalog), or read beside it.
 */
export interface CartPricing {
  prices: CartPriceCache;
  /** The catalog's version, read from the database now. */
  version(): Promise<number>;
  /**
   * The version this process last polled (src/catalog/catalog-version.ts), read from no database: the header's count
   * with carts in Redis, on a page cached per that same version, so pages show while the catalog's database is out
   * of reach.
   */
  polled(): number;
}

export interface CartServiceDeps {
  catalog: CatalogQueries;
  pricing: CartPricing;
  sessions: SessionStore;
  carts: CartStore;
  stock: StockLevels;
  sessionTtlMs: number;
  now: () => number;
}

export interface MutationOptions {
  /** Apply only if the cart is still at this version (If-Match); otherwise the result is a `conflict`. */
  expectedVersion?: number | undefined;
  /** The client's key for this change: the same key in the same session applies once (see the header comment). */
  idempotencyKey?: string | undefined;
  /**
   * Called with a new session before the change is written: the cookie can go out with any answer, even a failure, so
   * a retry comes back to this session and its key is recognised. (With a store that makes the session in the
   * change's transaction, a refused change leaves no session: its cookie then names nothing and is ignored.)
   */
  onSessionCreated?: ((sessionId: string, expiresAt: number) => void) | undefined;
  /**
   * The session id is a cookie's, not looked up (CartService.checksSessions): the store checks it in the change
   * itself, and when no live session has it the change goes to a new session, as a request without one does.
   */
  sessionUnchecked?: boolean | undefined;
}

export interface MutationResult {
  /** The cart's session: new when `created`, undefined when none was needed (nothing to change). */
  sessionId: string | undefined;
  created: boolean;
  /** The session's expiry: when `created`, and for an existing session when the change read it (sessionUnchecked). */
  expiresAt: number | undefined;
  /** For adds: the lines (store line ids) the items went to, in the order of the items, once each. */
  lines?: string[];
}

/**
 * What a change gives: `changed` (and where), or why nothing changed: `refused` by the cart's rules (the error names
 * the refusal), a `conflict` with `expectedVersion`, or `session_ended` when the session ended under the change.
 */
export type CartChangeResult =
  | ({ kind: 'changed' } & MutationResult)
  | { kind: 'refused'; error: CartError }
  | { kind: 'conflict'; currentVersion: number }
  | { kind: 'session_ended' };

/** A line named by its key, by a price (variant) or product id (the first line of it), or by 1-based position. */
export type LineTarget = { id: string } | { line: number };

/** An item to add: what to buy (a product or price id), how many, and the line's properties. */
export interface AddItem {
  id: string;
  quantity?: unknown;
  properties?: unknown;
}

/** `note` and `attributes` as sent with update.js (judged by the service). */
export interface DetailsInput {
  note?: unknown;
  attributes?: unknown;
}

/**
 * The cart as pages and the JSON API change it. A change answers with a `CartChangeResult`: nothing changed unless
 * it is `changed`.
 */
export interface CartService {
  view(sessionId: string | undefined): Promise<CartView>;
  /** True when a change may be given a cookie's session id unchecked (MutationOptions.sessionUnchecked). */
  checksSessions: boolean;
  /**
   * The live session under an id not yet looked up (a cookie's) with its cart, undefined when none lives. On SQL one
   * statement reads the session, its cart and the catalog version; other stores look the session up first. `count`
   * prices the cart as `itemCount` does (with carts in Redis, the polled catalog version: no database read).
   */
  openSession(sessionId: string, purpose?: 'view' | 'count'): Promise<{ session: Session; view: CartView } | undefined>;
  /** The header's count: items that can be bought (lines no longer sold are counted apart, on the cart page). */
  itemCount(sessionId: string): Promise<number>;
  /** Adds each item (a product or price id, quantity, properties), all or nothing; the result names their lines. */
  add(sessionId: string | undefined, items: readonly AddItem[], options?: MutationOptions): Promise<CartChangeResult>;
  /** Sets one line's quantity (0 removes); with `properties`, replaces the line's properties (as Shopify's change.js). */
  change(
    sessionId: string | undefined,
    target: LineTarget,
    quantity: unknown,
    options?: MutationOptions,
    properties?: unknown,
  ): Promise<CartChangeResult>;
  /** Sets many quantities (adding ids not in the cart, as Shopify does) and the cart's note and attributes. */
  update(
    sessionId: string | undefined,
    updates: ReadonlyArray<readonly [LineTarget, unknown]>,
    options?: MutationOptions,
    detailsInput?: DetailsInput,
  ): Promise<CartChangeResult>;
  /** Empties the cart; its note and attributes stay. */
  clear(sessionId: string | undefined, options?: MutationOptions): Promise<CartChangeResult>;
  /** Takes what a paid order bought out of the cart it came from. */
  removeOrdered(sessionId: string, lines: ReadonlyArray<{ key: string; quantity: number }>): Promise<void>;
  /** Call once a page has shown the shopper a cart: its price changes are then announced, not repeated. */
  markPricesShown(sessionId: string | undefined, cart: CartView): Promise<void>;
}
