/**
 * A SQL cart read for showing a cart: the session (its expiry), its cart and the catalog's version in one statement
 * (one snapshot, one round trip), so its prices can come from memory for that version (src/catalog/price-cache.ts)
 * without a price query and without ever being older than the cart, and a request that shows a cart needs no
 * session lookup of its own.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { readInBatch } from '../db/batched-reads.js';
import { directSqlite } from '../db/direct-sqlite.js';
import { prepare } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { deserializeDetails } from './cart-details.js';
import type { ShownVersions, StoredCart } from './cart-store.js';
import { deserializeProperties } from './line-properties.js';

/** The catalog's version as a column of a read of the session: one snapshot with the session and its cart. */
const catalogVersionOf = (eb: ExpressionBuilder<Database, 'sessions'>) =>
  eb
    .selectFrom('catalog_state')
    .select('catalog_state.version')
    .where('catalog_state.id', '=', 1)
    .as('catalog_version');

const readWithVersionQuery = prepare((db, sessionId: string, now: number) =>
  db
    .selectFrom('sessions')
    .leftJoin('cart_lines', 'cart_lines.session_id', 'sessions.id')
    .select((eb) => [
      'sessions.expires_at',
      'sessions.cart_version',
      'sessions.prices_seen_version',
      'sessions.cart_details',
      'cart_lines.price_id',
      'cart_lines.properties_hash',
      'cart_lines.properties',
      'cart_lines.quantity',
      'cart_lines.unit_amount_seen',
      'cart_lines.created_at',
      catalogVersionOf(eb),
    ])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', now),
);

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
 * The read's columns in its select's order: how rawOn answers a row on SQLite, and how PostgreSQL's named rows are
 * put, so one mapping reads both.
 */
const COLUMNS = [
  'expires_at',
  'cart_version',
  'prices_seen_version',
  'cart_details',
  'price_id',
  'properties_hash',
  'properties',
  'quantity',
  'unit_amount_seen',
  'created_at',
  'catalog_version',
] as const;
const at = (column: (typeof COLUMNS)[number]) => COLUMNS.indexOf(column);
const [EXPIRES_AT, CART_VERSION, PRICES_SEEN_VERSION, CART_DETAILS, CATALOG_VERSION] = [
  at('expires_at'),
  at('cart_version'),
  at('prices_seen_version'),
  at('cart_details'),
  at('catalog_version'),
];
const [PRICE_ID, PROPERTIES_HASH, PROPERTIES] = [at('price_id'), at('properties_hash'), at('properties')];
const [QUANTITY, UNIT_AMOUNT_SEEN, CREATED_AT] = [at('quantity'), at('unit_amount_seen'), at('created_at')];

/** The order lines were added in (as the store's own read orders them): sorted here, not by a temp B-tree in SQL. */
const addedOrder = (a: unknown[], b: unknown[]) =>
  Number(a[CREATED_AT]) - Number(b[CREATED_AT]) ||
  compare(a[PRICE_ID] as string, b[PRICE_ID] as string) ||
  compare(a[PROPERTIES_HASH] as string, b[PROPERTIES_HASH] as string);

export interface CartWithCatalogVersion {
  cart: StoredCart | undefined;
  catalogVersion: number;
  expiresAt: number | undefined;
  /** The session's prices_seen_version (0 when not live). */
  pricesSeenVersion: number;
}

const NOT_LIVE: CartWithCatalogVersion = {
  cart: undefined,
  catalogVersion: -1,
  expiresAt: undefined,
  pricesSeenVersion: 0,
};

/** The read's rows as arrays (COLUMNS), sorted in place: the stored cart, or NOT_LIVE for no row. */
function fromRows(rows: unknown[][]): CartWithCatalogVersion {
  if (rows.length === 0) return NOT_LIVE;
  if (rows.length > 1) rows.sort(addedOrder);
  const first = rows[0]!;
  const lines: StoredCart['lines'] = [];
  // A session without lines is one row of nulls for the line's columns.
  if (first[PRICE_ID] !== null) {
    for (const row of rows) {
      lines.push({
        priceId: row[PRICE_ID] as string,
        propertiesHash: (row[PROPERTIES_HASH] as string | null) ?? '',
        properties: deserializeProperties(row[PROPERTIES] as string | null),
        quantity: row[QUANTITY] as number,
        unitAmountSeen: Number(row[UNIT_AMOUNT_SEEN]),
        addedAt: Number(row[CREATED_AT]),
      });
    }
  }
  return {
    catalogVersion: Number(first[CATALOG_VERSION] ?? -1),
    expiresAt: Number(first[EXPIRES_AT]),
    pricesSeenVersion: Number(first[PRICES_SEEN_VERSION]),
    cart: {
      version: Number(first[CART_VERSION]),
      details: deserializeDetails(first[CART_DETAILS] as string),
      lines,
    },
  };
}

/**
 * The cart and the session's expiry (both undefined when the session does not live at `now`) and the catalog
 * version, read together.
 */
export async function readCartWithCatalogVersion(
  db: Kysely<Database>,
  sessionId: string,
  now: number,
): Promise<CartWithCatalogVersion> {
  // On SQLite the rows come as arrays, run at once on the connection (no object with named keys per row).
  const connection = directSqlite(db);
  if (connection) return fromRows(readWithVersionQuery.rawOn(connection, db, [sessionId, now]));
  const rows = await readWithVersionQuery.all(db, sessionId, now);
  return fromRows(rows.map((row) => COLUMNS.map((column) => row[column])));
}

const shownVersionsQuery = prepare((db, sessionId: string, now: number) =>
  db
    .selectFrom('sessions')
    .select((eb) => [
      'sessions.expires_at',
      'sessions.cart_version',
      'sessions.prices_seen_version',
      catalogVersionOf(eb),
    ])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', now),
);

/**
 * The versions a shown cart follows from, without its lines: one row by primary key (about half the time of the
 * whole read on SQLite, and no lines to map), undefined when the session does not live at `now`.
 */
export async function readShownVersions(
  db: Kysely<Database>,
  sessionId: string,
  now: number,
): Promise<ShownVersions | undefined> {
  // On SQLite, read with the other carts shown in this turn of the event loop (src/db/batched-reads.ts).
  const row = await readInBatch(
    db,
    (connection) => shownVersionsQuery.rawOn(connection, db, [sessionId, now])[0],
    async () => {
      const found = await shownVersionsQuery.first(db, sessionId, now);
      return found && [found.expires_at, found.cart_version, found.prices_seen_version, found.catalog_version];
    },
  );
  if (!row) return undefined;
  return {
    expiresAt: Number(row[0]),
    cartVersion: Number(row[1]),
    pricesSeenVersion: Number(row[2]),
    catalogVersion: Number(row[3] ?? -1),
  };
}
