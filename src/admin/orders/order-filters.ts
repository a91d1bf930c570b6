/**
 * What the owner's order list (and its CSV export) can be asked for: a tab, a search and a keyset cursor, read from
 * untrusted query strings into a checked `OrderListQuery`, or refused with an `AdminOrderError`. Pure.
 */
import { AdminOrderError } from './errors.js';

export const ORDER_TABS = ['to_ship', 'shipped', 'refunded', 'review', 'all'] as const;
export type OrderTab = (typeof ORDER_TABS)[number];

export const TAB_LABELS: Record<OrderTab, string> = {
  to_ship: 'To ship',
  shipped: 'Shipped',
  refunded: 'Refunded',
  review: 'Needs review',
  all: 'All',
};

/**
 * Each tab's condition, as SQL text with literals: it contains its partial index's condition word for word
 * (migration 0011), which SQLite needs to use the index. "To ship" is paid, not shipped, and holding something physical: an order of
 * digital goods or services has nothing to send, so it would never leave the tab (it is under "All").
 */
export const TAB_CONDITIONS: Record<OrderTab, string | null> = {
  to_ship: `status = 'paid' and shipped_at is null and shipping_required = 1`,
  shipped: `shipped_at is not null`,
  refunded: `amount_refunded > 0`,
  review: `status = 'review'`,
  all: null,
};

/** Checked on the rows the tab's index gives: an order refunded in full is not shipped (and is under "Refunded"). */
export const TAB_RESIDUAL: Partial<Record<OrderTab, string>> = {
  to_ship: `amount_refunded < amount_paid`,
};

/** Where a page starts: after (older than) or before (newer than) this order, in newest-first order. */
export interface Cursor {
  createdAt: number;
  id: string;
}

export interface OrderListQuery {
  tab: OrderTab;
  /** Trimmed, at most SEARCH_MAX characters; empty for no search. */
  search: string;
  after?: Cursor;
  before?: Cursor;
}

export const SEARCH_MAX = 200;
export const PAGE_SIZE = 50;

const CURSOR = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/;

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.createdAt}.${cursor.id}`;
}

function decodeCursor(value: unknown, name: string): Cursor | undefined {
  if (value === undefined || value === '') return undefined;
  const match = typeof value === 'string' ? CURSOR.exec(value) : null;
  if (!match) throw new AdminOrderError('bad_list_query', `The page position "${name}" is not one this list made.`);
  return { createdAt: Number(match[1]), id: match[2]! };
}

/** Reads `tab`, `q`, `after` and `before` from a query string object; unknown keys are ignored. */
export function parseOrderListQuery(input: Record<string, unknown>): OrderListQuery {
  const tab = input.tab === undefined || input.tab === '' ? 'to_ship' : input.tab;
  if (typeof tab !== 'string' || !(ORDER_TABS as readonly string[]).includes(tab)) {
    throw new AdminOrderError('bad_list_query', `There is no order list called "${String(tab).slice(0, 40)}".`);
  }
  const q = input.q ?? '';
  if (typeof q !== 'string')
    throw new AdminOrderError('bad_list_query', 'Search for one order number, email or name at a time.');
  const search = q.trim();
  if (search.length > SEARCH_MAX)
    throw new AdminOrderError('bad_list_query', `A search is at most ${SEARCH_MAX} characters.`);
  const after = decodeCursor(input.after, 'after');
  const before = decodeCursor(input.before, 'before');
  if (after && before)
    throw new AdminOrderError('bad_list_query', 'A page starts after one order or before one, not both.');
  return { tab: tab as OrderTab, search, ...(after ? { after } : {}), ...(before ? { before } : {}) };
}

/**
 * An order number as the owner may type it (`k7q4-m2xp`, `K7Q4 M2XP A9TR`) as the id's beginning, or undefined when
 * the text cannot be one: ids are Crockford base32, upper case, 12 characters (src/checkout/ids.ts).
 */
export function orderIdPrefix(search: string): string | undefined {
  const compact = search.replace(/[\s-]/g, '').toUpperCase();
  return /^[0-9A-HJKMNP-TV-Z]{4,12}$/.test(compact) ? compact : undefined;
}

/** `search` for a LIKE pattern, lower-cased, with its own % and _ taken literally (escape character `\`). */
export function likeEscaped(search: string): string {
  return search.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`);
}
