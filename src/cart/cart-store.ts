/**
 * The contract every cart store keeps (SQL and Redis): a cart is the lines of one session, its note and attributes,
 * and a version that every change bumps (a change that changes nothing keeps it). Changes come as a list of commands applied all or nothing, optionally under an idempotency key that
 * the store records atomically with the change, so a retried change applies once.
 */
import type { CartDetails, DetailsChange } from './cart-details.js';
import type { LineProperties } from './line-properties.js';

export interface StoredLine {
  /** The price the line was added at. */
  priceId: string;
  /** With priceId, names the line: '' for a line without properties (see line-properties.ts). */
  propertiesHash: string;
  properties: LineProperties;
  quantity: number;
  /** Unit amount the shopper last saw for this line (when added, or when a change was shown). */
  unitAmountSeen: number;
  addedAt: number;
}

export interface StoredCart {
  version: number;
  /** In the order they were added. */
  lines: StoredLine[];
  /** The cart's note and attributes. */
  details: CartDetails;
}

/** A price a command may put in the cart: resolved from the catalog by the service, never sent by the client. */
export interface SellablePrice {
  priceId: string;
  unitAmount: number;
  currency: string;
}

/** Lines are named by `lineId(priceId, propertiesHash)` in commands. */
export type CartCommand =
  /** Add `quantity` to the line of this price and properties (created when missing). */
  | ({ kind: 'add'; quantity: number; properties?: LineProperties | undefined } & SellablePrice)
  /**
   * Set the line `lineId` to `quantity` (0 removes). A missing line is created from `sellable` (no properties), or
   * refused. With `properties`, the line's properties are replaced, as Shopify's change.js does: the line moves to
   * the name of its price and the new properties (keeping its place and the amount its shopper saw), or, when the
   * cart has a line of that price and those properties, joins it.
   */
  | { kind: 'set'; lineId: string; quantity: number; sellable?: SellablePrice; properties?: LineProperties }
  /** Take up to `quantity` out of the line `lineId` (what a paid order bought); a missing line is fine. */
  | { kind: 'remove'; lineId: string; quantity: number }
  /** Empties the cart; its note and attributes stay. */
  | { kind: 'clear' }
  /** Sets the note and merges attributes. */
  | { kind: 'details'; change: DetailsChange };

/**
 * What an add planned from memory (src/cart/sellable-memo.ts) holds only while true, checked by the store in the
 * change's own transaction or statement: the catalog is still at `version`, and the products `untracked` still have
 * no counted stock. Otherwise the store throws CatalogMoved and writes nothing.
 */
export interface CatalogCheck {
  version: number;
  untracked: readonly string[];
}

/** How long a store remembers an idempotency key after its first use. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

/** A key a client sent with a change, scoped to the session, and a hash of the request it came with. */
export interface IdempotencyKey {
  key: string;
  /** The same key with another fingerprint is refused (idempotency_key_reused), never applied. */
  fingerprint: string;
}

/** What a store remembers of a key: the request's fingerprint and the cart version its change produced. */
export interface RecordedKey {
  fingerprint: string;
  version: number;
}

/** What a shown cart follows from besides its session id, and the session's expiry. */
export interface ShownVersions {
  expiresAt: number;
  cartVersion: number;
  pricesSeenVersion: number;
  catalogVersion: number;
}

export interface CartStore {
  /** Sum of quantities in the session's cart (0 for none). */
  itemCount(sessionId: string): Promise<number>;
  /** The session's cart; undefined when the session does not exist. */
  read(sessionId: string): Promise<StoredCart | undefined>;
  /**
   * Optional, for stores that keep the catalog too (SQL): the cart and the catalog's version in one snapshot, so
   * the cart's prices can be taken from memory for that version. Stores without it are read beside a version query.
   * `expiresAt` is the session's, for a request that reads its session this way instead of looking it up first.
   */
  readWithCatalogVersion?(sessionId: string): Promise<{
    cart: StoredCart | undefined;
    catalogVersion: number;
    expiresAt: number | undefined;
    /** Bumped by markPricesSeen (which keeps `version`); with it, the versions a view follows from. */
    pricesSeenVersion: number;
  }>;
  /**
   * Optional, with readWithCatalogVersion: only the versions a shown cart follows from (the cart's, its prices seen,
   * the catalog's) and the session's expiry, undefined when the session does not live. While they are those a view
   * was built at, the view is still the cart's (src/cart/kept-views.ts). Cheaper than the whole read.
   */
  readShownVersions?(sessionId: string): Promise<ShownVersions | undefined>;
  /**
   * Applies the commands in order, all or nothing, and returns the new version (the same one when they change
   * nothing). Throws CartError when a limit or
   * the currency forbids a command, CartVersionConflict when `expectedVersion` is given and stale, CartNotFound
   * when the session does not exist (any more).
   *
   * With `idempotency`, the key is recorded in the same atomic step as the change (until `now` +
   * IDEMPOTENCY_KEY_TTL_MS). When the session already recorded the key, nothing is applied and the version the
   * first change produced is returned, before any version check or limit; with another fingerprint that is a
   * CartError `idempotency_key_reused`. Concurrent changes with one key apply once.
   */
  apply(
    sessionId: string,
    commands: readonly CartCommand[],
    now: number,
    expectedVersion?: number,
    idempotency?: IdempotencyKey,
    check?: CatalogCheck,
  ): Promise<number>;
  /**
   * Optional, for stores that check the session in the change itself (SQL): apply for a session id not looked
   * up first (a cookie's). Returns the new version and the session's expiry (for the rolling cookie), or undefined
   * when the change's first read finds no live session under the id: nothing is written then. A session found and
   * gone before the write is a CartNotFound, as in apply (it ended under the change). Otherwise as apply.
   */
  applyToLiveSession?(
    sessionId: string,
    commands: readonly CartCommand[],
    now: number,
    expectedVersion?: number,
    idempotency?: IdempotencyKey,
    check?: CatalogCheck,
  ): Promise<{ version: number; expiresAt: number } | undefined>;
  /**
   * Optional, for stores that can do it in one transaction: creates the session `session` (a fresh id from
   * newSessionId) and applies the commands to its empty cart in the same atomic step, so a new visitor's first change
   * costs one commit. When a command is refused, or the transaction fails, no session exists. Returns the version.
   * Stores without it get SessionStore.create, then apply.
   */
  applyToNewSession?(
    session: { id: string; expiresAt: number },
    commands: readonly CartCommand[],
    now: number,
    idempotency?: IdempotencyKey,
    check?: CatalogCheck,
  ): Promise<number>;
  /**
   * True for stores that keep the catalog too (SQL) and check a CatalogCheck given to apply and applyToNewSession;
   * the service plans adds from memory only with them.
   */
  checksCatalog?: boolean;
  /** The key as the session's cart recorded it, while both live; undefined otherwise. */
  findIdempotencyKey(sessionId: string, key: string): Promise<RecordedKey | undefined>;
  /** Deletes keys remembered past their time; returns how many (a store whose keys expire by themselves returns 0). */
  purgeExpiredKeys(now: number): Promise<number>;
  /** Records that the shopper was shown these lines' current unit amounts (a price change is announced once). */
  markPricesSeen(sessionId: string, seen: ReadonlyArray<{ lineId: string; unitAmount: number }>): Promise<void>;
}
