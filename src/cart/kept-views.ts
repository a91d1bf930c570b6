/**
 * Cart views kept in memory per session, each with the versions it was built at: the cart's (bumped by every
 * change, in any process), its prices seen (bumped when a page has shown the shopper a price change) and the
 * catalog's (bumped by every change to what a cart shows of a product: names, prices, stock shown). A view is a
 * function of those and the session, so while a read of the three (one row by primary key) finds them unchanged, the
 * kept view is the cart's, whichever process changed what since. A shopper's theme reads `/cart.js` after each
 * change and on every page; the view built for the change's own answer, or for the last read, answers those reads
 * without reading and pricing the lines again. Nothing here is ever served without that read.
 */
import { BoundedMemo } from '../util/bounded-memo.js';
import type { ShownVersions } from './cart-store.js';
import type { CartView } from './cart-view.js';

/** Sessions whose views are kept: a few KB each; past it the memory starts over (BoundedMemo). */
const KEPT_SESSIONS = 2_000;

type Versions = Omit<ShownVersions, 'expiresAt'>;

interface Kept extends Versions {
  view: CartView;
}

export class KeptViews {
  readonly #kept = new BoundedMemo<string, Kept>(KEPT_SESSIONS);

  /** Whether a view of the session is kept (at whatever versions). */
  has(sessionId: string): boolean {
    return this.#kept.get(sessionId) !== undefined;
  }

  /** The view kept for the session at exactly these versions, if any. */
  at(sessionId: string, versions: Versions): CartView | undefined {
    const kept = this.#kept.get(sessionId);
    return kept &&
      kept.cartVersion === versions.cartVersion &&
      kept.pricesSeenVersion === versions.pricesSeenVersion &&
      kept.catalogVersion === versions.catalogVersion
      ? kept.view
      : undefined;
  }

  /** Keeps a view built from one read of the cart at these versions. */
  keep(sessionId: string, versions: Versions, view: CartView): void {
    this.#kept.set(sessionId, { ...versions, view });
  }
}
