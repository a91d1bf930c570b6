/**
 * A SQL cart read for showing a cart: the session (its expiry), its cart and the catalog's version in one statement
 * (one snapshot, one round trip), so its prices can come from memory for that version (src/catalog/price-cache.ts)
 * without a price query and without ever being older than the cart, and a request that shows a cart needs no
 * session lookup of its own.
 */
import type { Kysely } from 'kysely';
import { prepare } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { deserializeDetails } from './cart-details.js';
import type { StoredCart } from './cart-store.js';
import { deserializeProperties } from './line-properties.js';

const readWithVersionQuery = prepare((db, sessionId: string, now: number) =>
  db
    .selectFrom('sessions')
    .leftJoin('cart_lines', 'cart_lines.session_id', 'sessions.id')
    .select((eb) => [
      'sessions.expires_at',
      'sessions.cart_version',
      'sessions.cart_details',
      'cart_lines.price_id',
      'cart_lines.properties_hash',
      'cart_lines.properties',
      'cart_lines.quantity',
      'cart_lines.unit_amount_seen',
      'cart_lines.created_at',
      eb
        .selectFrom('catalog_state')
        .select('catalog_state.version')
        .where('catalog_state.id', '=', 1)
        .as('catalog_version'),
    ])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', now),
);

/** The order lines were added in (as the store's own read orders them): sorted here, not by a temp B-tree in SQL. */
const addedOrder = (
  a: { created_at: number | null; price_id: string | null; properties_hash: string | null },
  b: typeof a,
) =>
  Number(a.created_at) - Number(b.created_at) ||
  compare(a.price_id ?? '', b.price_id ?? '') ||
  compare(a.properties_hash ?? '', b.properties_hash ?? '');

/** A cart read's rows (sessions left-joined to cart_lines) as the stored cart's lines: a session alone has none. */
export function storedLines(
  rows: readonly {
    price_id: string | null;
    properties_hash: string | null;
    properties: string | null;
    quantity: number | null;
    unit_amount_seen: number | null;
    created_at: number | null;
  }[],
): StoredCart['lines'] {
  return rows.flatMap((row) =>
    row.price_id === null
      ? []
      : [
          {
            priceId: row.price_id,
            propertiesHash: row.properties_hash ?? '',
            properties: deserializeProperties(row.properties),
            quantity: row.quantity!,
            unitAmountSeen: Number(row.unit_amount_seen),
            addedAt: Number(row.created_at),
          },
        ],
  );
}

/** Byte order, as SQL's default collation compares these ASCII ids. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The cart and the session's expiry (both undefined when the session does not live at `now`) and the catalog
 * version, read together.
 */
export async function readCartWithCatalogVersion(
  db: Kysely<Database>,
  sessionId: string,
  now: number,
): Promise<{ cart: StoredCart | undefined; catalogVersion: number; expiresAt: number | undefined }> {
  const rows = await readWithVersionQuery.all(db, sessionId, now);
  if (rows.length === 0) return { cart: undefined, catalogVersion: -1, expiresAt: undefined };
  if (rows.length > 1) rows.sort(addedOrder);
  const first = rows[0]!;
  return {
    catalogVersion: Number(first.catalog_version ?? -1),
    expiresAt: Number(first.expires_at),
    cart: {
      version: Number(first.cart_version),
      details: deserializeDetails(first.cart_details),
      lines: storedLines(rows),
    },
  };
}
